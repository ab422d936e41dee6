package io.drydock.runtime.sys.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.sys.Errno;
import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.MountFlags;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.WaitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxSyscallsIT {
  private final Syscalls sys = new LinuxSyscalls();
  @TempDir Path dir;

  @Test
  void mount_tmpfs_thenUmount2() throws IOException {
    Path target = Files.createDirectory(dir.resolve("mnt"));
    sys.mount("drydock-test", target.toString(), "tmpfs", MountFlags.MS_NOSUID, "size=64k");
    try {
      assertThat(Files.readString(Path.of("/proc/self/mounts"))).contains(target.toString());
      Files.writeString(target.resolve("f"), "x");
    } finally {
      sys.umount2(target.toString(), 0);
    }
    assertThat(target.resolve("f")).doesNotExist();
  }

  @Test
  void mount_missingTarget_throwsWithErrnoAndPath() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> sys.mount("none", missing.toString(), "tmpfs", 0, null))
        .isInstanceOfSatisfying(SyscallException.class, e -> {
          assertThat(e.operation()).isEqualTo("mount");
          assertThat(e.errno()).isEqualTo(Errno.ENOENT);
          assertThat(e.object()).contains(missing.toString());
          assertThat(e.strerror()).isEqualTo("No such file or directory");
        });
  }

  @Test
  void pipe2_writeThenRead_roundTrips() {
    FdPair p = sys.pipe2(Syscalls.O_CLOEXEC);
    try {
      byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
      assertThat(sys.write(p.second(), msg, 0, msg.length)).isEqualTo(5);
      assertThat(sys.poll(p.first(), Syscalls.POLLIN, 1000) & Syscalls.POLLIN).isNotZero();
      byte[] buf = new byte[16];
      int n = sys.read(p.first(), buf, buf.length);
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("hello");
    } finally {
      sys.close(p.first());
      sys.close(p.second());
    }
  }

  @Test
  void spawn_waitpid_decodesExitCodeAndSignal() {
    int exits = sys.spawn("/bin/sh", List.of("sh", "-c", "exit 7"), List.of(), List.of());
    assertThat(sys.waitpid(exits, 0)).isEqualTo(new WaitStatus.Exited(exits, 7));

    int sleeps = sys.spawn("/bin/sleep", List.of("sleep", "60"), List.of(), List.of());
    assertThat(sys.waitpid(sleeps, WaitStatus.WNOHANG)).isEqualTo(new WaitStatus.NoChange());
    int pidfd = sys.pidfdOpen(sleeps, 0);
    try {
      sys.pidfdSendSignal(pidfd, Syscalls.SIGTERM);
    } finally {
      sys.close(pidfd);
    }
    assertThat(sys.waitpid(sleeps, 0)).isEqualTo(new WaitStatus.Signaled(sleeps, 15, false));
    assertThatThrownBy(() -> sys.kill(sleeps, 0))
        .isInstanceOfSatisfying(SyscallException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.ESRCH));
  }

  @Test
  void spawn_dup2sTheMappedFdsOnly() {
    FdPair p = sys.pipe2(Syscalls.O_CLOEXEC);
    try {
      int pid = sys.spawn("/bin/sh", List.of("sh", "-c", "ls /proc/self/fd; echo end"),
          List.of(), List.of(new Syscalls.FdMapping(p.second(), 1)));
      sys.close(p.second());
      StringBuilder out = new StringBuilder();
      byte[] buf = new byte[256];
      for (int n; (n = sys.read(p.first(), buf, buf.length)) > 0; ) {
        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
      assertThat(sys.waitpid(pid, 0)).isEqualTo(new WaitStatus.Exited(pid, 0));
      // Only fd 1 was mapped; ls's own directory fd takes the lowest free number, 0. None of
      // the JVM's fds (it has non-close-on-exec ones) reached the child.
      List<String> fds = out.toString().lines().takeWhile(l -> !l.equals("end")).toList();
      assertThat(fds).containsExactlyInAnyOrder("0", "1");
    } finally {
      sys.close(p.first());
    }
  }

  @Test
  void mkfifo_makesAFifo() throws IOException {
    Path fifo = dir.resolve("fifo");
    sys.mkfifo(fifo.toString(), 0600);
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
    assertThatThrownBy(() -> sys.mkfifo(fifo.toString(), 0600))
        .isInstanceOfSatisfying(SyscallException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
  }
}
