package io.drydock.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreatorMarksTest {
    @TempDir
    Path dir;

    private CreatorMarks marks() {
        return new CreatorMarks(dir.resolve("creating"), n -> n.matches("[a-z0-9-]+"));
    }

    @Test
    void mark_byThisProcess_isAliveUntilCleared() throws Exception {
        CreatorMarks m = marks();
        m.mark("c1");
        assertThat(m.creatorAlive("c1")).contains(true);
        assertThat(m.ids()).containsExactly("c1");
        m.clear("c1");
        assertThat(m.creatorAlive("c1")).isEmpty();
        assertThat(m.ids()).isEmpty();
    }

    @Test
    void creatorAlive_pidReusedWithAnotherStartTime_isDead() throws Exception {
        Files.createDirectories(dir.resolve("creating"));
        long self = ProcessHandle.current().pid();
        // This process's pid with a start time it never had: a recycled pid is not the creator.
        Files.writeString(dir.resolve("creating").resolve("c2"), self + " 1\n");
        assertThat(marks().creatorAlive("c2")).contains(false);
    }

    @Test
    void creatorAlive_tornMark_isDead() throws Exception {
        Files.createDirectories(dir.resolve("creating"));
        Files.writeString(dir.resolve("creating").resolve("c3"), "12");
        assertThat(marks().creatorAlive("c3")).isEqualTo(Optional.of(false));
    }

    @Test
    void mark_nameThatCannotBeAFile_isRefused() {
        assertThatThrownBy(() -> marks().mark("../escape")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("../escape");
    }

    @Test
    void ids_skipsAFreshTemporaryFile() throws Exception {
        Files.createDirectories(dir.resolve("creating"));
        Files.writeString(dir.resolve("creating").resolve(".mark-123.tmp"), "");
        assertThat(marks().ids()).isEmpty();
        assertThat(dir.resolve("creating").resolve(".mark-123.tmp")).exists();
    }
}
