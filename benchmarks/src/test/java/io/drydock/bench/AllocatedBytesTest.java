package io.drydock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocatedBytesTest {
    @TempDir
    Path tmp;

    @Test
    void sum_blocksOfTheTopsDevice_hardLinksOnce() {
        String find = """
                2049 10 8
                2049 11 32
                2049 12 0
                2049 11 32
                2050 99 64
                """;
        assertThat(AllocatedBytes.sum(find, true)).isEqualTo((8 + 32) * 512L);
        assertThat(AllocatedBytes.sum(find, false)).as("without the top").isEqualTo(32 * 512L);
    }

    @Test
    void sum_nothing_isZero() {
        assertThat(AllocatedBytes.sum("", true)).isZero();
    }

    @Test
    void sum_garbledLine_refusedQuotingIt() {
        assertThatThrownBy(() -> AllocatedBytes.sum("2049 10\n", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'2049 10'");
        assertThatThrownBy(() -> AllocatedBytes.sum("a b c\n", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a b c'");
    }

    @Test
    void tree_isTheDirectoryPlusItsContents_andAFileCostsWholeBlocks() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Path file = Files.write(dir.resolve("f"), new byte[10_000]);
        long whole = AllocatedBytes.tree(dir);
        long fileBytes = AllocatedBytes.tree(file);
        assertThat(fileBytes).isGreaterThanOrEqualTo(10_000).isEqualTo(fileBytes / 512 * 512);
        assertThat(AllocatedBytes.contents(dir)).isEqualTo(fileBytes);
        assertThat(whole).isEqualTo(AllocatedBytes.entry(dir) + fileBytes);
    }

    @Test
    void tree_hardLinkedFile_countedOnce() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Path file = Files.write(dir.resolve("f"), new byte[10_000]);
        long before = AllocatedBytes.contents(dir);
        Files.createLink(dir.resolve("g"), file);
        assertThat(AllocatedBytes.contents(dir)).isEqualTo(before);
    }

    @Test
    void tree_missingPath_isZero() throws Exception {
        assertThat(AllocatedBytes.tree(tmp.resolve("gone"))).isZero();
        assertThat(AllocatedBytes.contents(tmp.resolve("gone"))).isZero();
    }
}
