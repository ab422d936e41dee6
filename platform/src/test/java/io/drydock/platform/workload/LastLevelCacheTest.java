package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastLevelCacheTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private final List<String> asked = new ArrayList<>();

    @Test
    void read_sysfsTree_isTheHighestLevelsSizeAndGetconfIsNotAsked() throws IOException {
        cache("index0", "1", "32K");
        cache("index1", "1", "32K");
        cache("index2", "2", "1024K");
        cache("index3", "3", "32768K");

        LastLevelCache c = LastLevelCache.read(dir, getconf(Map.of("LEVEL3_CACHE_SIZE", "532676608")));

        assertThat(c.bytes()).isEqualTo(32 * MIB);
        assertThat(c.source()).isEqualTo(dir.toString());
        assertThat(asked).isEmpty();
    }

    @Test
    void read_noSysfsDirectory_takesGetconfsL3() throws IOException {
        // What a PVM guest on an EPYC (family 26) showed: no cache directory, CPUID's L3 via glibc.
        LastLevelCache c = LastLevelCache.read(dir.resolve("missing"), getconf(Map.of("LEVEL3_CACHE_SIZE", "532676608\n")));

        assertThat(c.bytes()).isEqualTo(508 * MIB);
        assertThat(c.source()).isEqualTo("getconf LEVEL3_CACHE_SIZE");
    }

    @Test
    void read_emptySysfsDirectoryAndNoL3_takesGetconfsL2() throws IOException {
        LastLevelCache c = LastLevelCache.read(dir, getconf(Map.of("LEVEL3_CACHE_SIZE", "0\n", "LEVEL2_CACHE_SIZE", "1048576\n")));

        assertThat(c.bytes()).isEqualTo(MIB);
        assertThat(c.source()).isEqualTo("getconf LEVEL2_CACHE_SIZE");
        assertThat(asked).containsExactly("LEVEL3_CACHE_SIZE", "LEVEL2_CACHE_SIZE");
    }

    @Test
    void read_noSourceGivesASize_throwsNamingEachSource() {
        assertThatThrownBy(() -> LastLevelCache.read(dir, getconf(Map.of())))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(dir.toString())
            .hasMessageContaining("LEVEL3_CACHE_SIZE or LEVEL2_CACHE_SIZE");
    }

    @Test
    void read_getconfPrintsNoNumber_throwsNamingTheVariable() {
        assertThatThrownBy(() -> LastLevelCache.read(dir, getconf(Map.of("LEVEL3_CACHE_SIZE", "32M"))))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("getconf LEVEL3_CACHE_SIZE")
            .hasMessageContaining("'32M'");
    }

    @Test
    void read_unreadableSysfsSize_throwsNamingTheFileEvenThoughGetconfWouldAnswer() throws IOException {
        cache("index0", "3", "lots");

        assertThatThrownBy(() -> LastLevelCache.read(dir, getconf(Map.of("LEVEL3_CACHE_SIZE", "532676608"))))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(dir.resolve("index0/size").toString())
            .hasMessageContaining("'lots'");
    }

    @Test
    void read_unreadableSysfsLevel_throwsNamingTheFile() throws IOException {
        cache("index0", "L3", "32768K");

        assertThatThrownBy(() -> LastLevelCache.read(dir, getconf(Map.of())))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(dir.resolve("index0/level").toString())
            .hasMessageContaining("'L3'");
    }

    @Test
    void new_zeroBytes_throws() {
        assertThatThrownBy(() -> new LastLevelCache(0, "x")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("last-level cache size");
    }

    private LastLevelCache.Getconf getconf(Map<String, String> values) {
        return name -> {
            asked.add(name);
            return values.getOrDefault(name, "");
        };
    }

    private void cache(String index, String level, String size) throws IOException {
        Path d = Files.createDirectories(dir.resolve(index));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }
}
