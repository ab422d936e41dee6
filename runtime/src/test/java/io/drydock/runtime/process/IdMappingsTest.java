package io.drydock.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdMappingsTest {
  @TempDir Path proc;

  @Test
  void write_putsOneLinePerMappingInEachFile() throws IOException {
    Path pid = Files.createDirectory(proc.resolve("42"));
    for (String f : List.of("uid_map", "gid_map", "setgroups")) {
      Files.createFile(pid.resolve(f));
    }
    new IdMappings(proc).write(42,
        List.of(new IdMapping(0, 100000, 65536)),
        List.of(new IdMapping(0, 100000, 1), new IdMapping(1, 200000, 10)), true);
    assertThat(Files.readString(pid.resolve("uid_map"))).isEqualTo("0 100000 65536\n");
    assertThat(Files.readString(pid.resolve("gid_map"))).isEqualTo("0 100000 1\n1 200000 10\n");
    assertThat(Files.readString(pid.resolve("setgroups"))).isEqualTo("deny");
  }

  @Test
  void write_missingProcess_failsNamingTheFile() {
    assertThatThrownBy(() -> new IdMappings(proc).write(7,
            List.of(new IdMapping(0, 1000, 1)), List.of(), false))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(proc.resolve("7/uid_map").toString());
  }

  @Test
  void idMapping_overflowingRange_isRefused() {
    assertThatThrownBy(() -> new IdMapping(0, 0xFFFF_FFFFL, 2)).hasMessageContaining("bad range");
  }
}
