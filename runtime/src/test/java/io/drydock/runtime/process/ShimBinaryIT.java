package io.drydock.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.sys.Errno;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shim's memfd cannot be changed by anyone (the CVE-2019-5736 class). */
class ShimBinaryIT {
  private final Syscalls sys = new LinuxSyscalls();

  @Test
  void load_sealsAgainstWritesGrowShrinkAndNewSeals() throws IOException {
    try (ShimBinary shim = ShimBinary.load(sys)) {
      assertThat(sys.fcntl(shim.fd(), Syscalls.F_GET_SEALS, 0)).isEqualTo(ShimBinary.SEALS);
      assertThatThrownBy(() -> sys.write(shim.fd(), new byte[] {1}, 0, 1))
          .isInstanceOfSatisfying(SyscallException.class,
              e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
      // Through the path a container would see as /proc/PID/exe: opening for writing works on
      // a memfd, but every write is refused by the seal.
      int rw = sys.open(shim.execPath(), Syscalls.O_CLOEXEC | Syscalls.O_WRONLY, 0);
      try {
        assertThatThrownBy(() -> sys.write(rw, new byte[] {1}, 0, 1))
            .isInstanceOf(SyscallException.class).hasMessageContaining("fd " + rw);
      } finally {
        sys.close(rw);
      }
      assertThatThrownBy(() -> sys.fcntl(shim.fd(), Syscalls.F_ADD_SEALS, 0x10))
          .isInstanceOfSatisfying(SyscallException.class,
              e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
      // and it is the packaged ELF binary
      byte[] head = Files.readAllBytes(Path.of(shim.execPath()));
      assertThat(head).startsWith(0x7f, 'E', 'L', 'F');
    }
  }

  @Test
  void shared_returnsOneInstancePerSyscalls() {
    assertThat(ShimBinary.shared(sys)).isSameAs(ShimBinary.shared(sys));
  }
}
