package io.drydock.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.sys.Errno;
import io.drydock.runtime.sys.RecordingSyscalls;
import io.drydock.runtime.sys.RecordingSyscalls.CloseCall;
import io.drydock.runtime.sys.RecordingSyscalls.SpawnCall;
import io.drydock.runtime.sys.RecordingSyscalls.WaitpidCall;
import io.drydock.runtime.sys.RecordingSyscalls.WriteCall;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.WaitStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShimLauncherTest {
  // RecordingSyscalls numbers fds from 100: shim memfd 100, plan pipe 101/102, log pipe 103/104,
  // sync socketpair 105/106.
  private static final int PLAN_WRITE_END = 102;
  private static final int LOG_READ_END = 103;

  private final RecordingSyscalls fake = new RecordingSyscalls();

  private static InitPlan execPlan() {
    return InitPlan.builder(InitPlan.Mode.EXEC)
        .joinNamespace(NamespaceType.PID, Path.of("/proc/9/ns/pid"))
        .process(InitPlan.ProcessSpec.of(List.of("/bin/true"), List.of()))
        .build();
  }

  private static byte[] sync(SyncMessage type, int value) {
    return new byte[] {(byte) type.code(), 0, 0, 0, (byte) value, (byte) (value >> 8), 0, 0};
  }

  @Test
  void launch_passesStdioPreservedPlanLogAndSyncFdsInOrder() {
    ShimLauncher launcher = new ShimLauncher(fake, ShimBinary.load(fake));
    fake.queueSocketpairRead(sync(SyncMessage.CHILD_PID, 4242));
    try (ShimProcess p = launcher.launch(execPlan(), new Stdio(10, 11, 12, List.of(20, 21)))) {
      assertThat(p.childPid()).isEqualTo(4242);
    }
    SpawnCall spawn = fake.calls(SpawnCall.class).get(0);
    // the shim's memfd (fd 100) is mapped after the sync socket and executed from there
    assertThat(spawn.path()).isEqualTo("/proc/self/fd/8");
    assertThat(spawn.fdMappings().getLast().target()).isEqualTo(8);
    assertThat(spawn.argv()).containsExactly("drydock-init", "5", "6", "7", "2");
    assertThat(spawn.fdMappings()).extracting(Syscalls.FdMapping::target)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    // every mapped source is a fresh copy above the targets, never the caller's fd itself
    assertThat(spawn.fdMappings()).allMatch(m -> m.source() > 8);
    // the plan pipe got the encoded plan, after the spawn, and was closed (end of file for the shim)
    WriteCall plan = fake.calls(WriteCall.class).stream().filter(w -> w.fd() == PLAN_WRITE_END).findFirst()
        .orElseThrow();
    assertThat(plan.data()).startsWith(0x44, 0x44, 0x44, 0x50);
    assertThat(fake.calls().indexOf(plan)).isGreaterThan(fake.calls().indexOf(spawn));
    // the shim's ends (plan read end, log write end, sync shim end) and the plan's write end
    // are closed on the Java side
    assertThat(fake.calls(CloseCall.class)).extracting(CloseCall::fd).contains(101, 102, 104, 106);
    // the first stage is reaped
    assertThat(fake.calls(WaitpidCall.class)).extracting(WaitpidCall::pid).containsExactly(1000);
  }

  @Test
  void launch_childPidInCgroup_saysTheChildWasBornInTheCgroup() {
    ShimLauncher launcher = new ShimLauncher(fake, ShimBinary.load(fake));
    fake.queueSocketpairRead(sync(SyncMessage.CHILD_PID_IN_CGROUP, 4243));
    try (ShimProcess p = launcher.launch(execPlan(), new Stdio(10, 11, 12, List.of()))) {
      assertThat(p.childPid()).isEqualTo(4243);
      assertThat(p.childBornInCgroup()).isTrue();
    }
  }

  @Test
  void launch_plainChildPid_saysTheChildMustBeAttached() {
    ShimLauncher launcher = new ShimLauncher(fake, ShimBinary.load(fake));
    fake.queueSocketpairRead(sync(SyncMessage.CHILD_PID, 4244));
    try (ShimProcess p = launcher.launch(execPlan(), new Stdio(10, 11, 12, List.of()))) {
      assertThat(p.childBornInCgroup()).isFalse();
    }
  }

  @Test
  void pendingShim_closedWithoutLaunch_endsAndReapsTheFirstStage() {
    ShimLauncher launcher = new ShimLauncher(fake, ShimBinary.load(fake));
    ShimLauncher.PendingShim pending = launcher.spawn(Stdio.of(0, 1, 2), -1);
    assertThat(pending.stage0Pid()).isEqualTo(1000);
    pending.close();
    // no plan written; the write end closed (the first stage reads an empty plan and exits), reaped
    assertThat(fake.calls(WriteCall.class)).noneMatch(w -> w.fd() == PLAN_WRITE_END);
    assertThat(fake.calls(CloseCall.class)).extracting(CloseCall::fd).contains(PLAN_WRITE_END, LOG_READ_END, 105);
    assertThat(fake.calls(WaitpidCall.class)).extracting(WaitpidCall::pid).containsExactly(1000);
  }

  @Test
  void launch_stage0DiesWithALogLine_throwsTheShimsError() {
    ShimLauncher launcher = new ShimLauncher(fake, ShimBinary.load(fake));
    fake.queueRead(LOG_READ_END, ("{\"level\":\"error\",\"stage\":\"stage0\",\"op\":\"setns\","
        + "\"path\":\"/proc/9/ns/pid\",\"errno\":1,\"msg\":\"joining: Operation not permitted\"}\n")
        .getBytes(StandardCharsets.UTF_8));
    fake.queueWaitStatus(new WaitStatus.Exited(1000, 1));
    assertThatThrownBy(() -> launcher.launch(execPlan(), Stdio.of(0, 1, 2)))
        .isInstanceOfSatisfying(ShimException.class, e -> {
          assertThat(e.stage()).isEqualTo("stage0");
          assertThat(e.operation()).isEqualTo("setns");
          assertThat(e.path()).isEqualTo("/proc/9/ns/pid");
          assertThat(e.errno()).isEqualTo(Errno.EPERM);
        });
  }

  @Test
  void launch_spawnRefused_closesEveryFdItOpenedAndThrows() {
    ShimLauncher launcher = new ShimLauncher(new FailingSpawn(fake), ShimBinary.load(fake));
    assertThatThrownBy(() -> launcher.launch(execPlan(), Stdio.of(0, 1, 2)))
        .isInstanceOf(SyscallException.class)
        .hasMessageContaining("posix_spawn");
    // both ends of the plan pipe, the log pipe and the sync socket, the seven high copies
    assertThat(fake.calls(CloseCall.class)).extracting(CloseCall::fd)
        .contains(101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113);
  }

  @Test
  void awaitReady_childDiedWithALogLine_throwsTheShimsError() {
    ShimLauncher launcher = new ShimLauncher(fake, ShimBinary.load(fake));
    fake.queueSocketpairRead(sync(SyncMessage.CHILD_PID, 77));
    ShimProcess p = launcher.launch(execPlan(), Stdio.of(0, 1, 2));
    fake.queueRead(LOG_READ_END, ("{\"level\":\"error\",\"stage\":\"init\",\"op\":\"mount\","
        + "\"path\":\"/proc\",\"errno\":2,\"msg\":\"No such file or directory\"}\n")
        .getBytes(StandardCharsets.UTF_8));
    p.proceed();
    assertThatThrownBy(() -> p.awaitReady(Duration.ofSeconds(1)))
        .isInstanceOf(ShimException.class)
        .hasMessageContaining("mount '/proc'")
        .hasMessageContaining("errno 2");
    assertThat(fake.calls(WriteCall.class).getLast().data())
        .containsExactly(sync(SyncMessage.GO, 0));
  }

  /** Delegates to the recording fake but fails posix_spawn with ENOENT. */
  private static final class FailingSpawn implements Syscalls {
    private final RecordingSyscalls d;

    FailingSpawn(RecordingSyscalls d) {
      this.d = d;
    }

    @Override public void mount(String s, String t, String f, long fl, String da) { d.mount(s, t, f, fl, da); }
    @Override public void umount2(String t, int f) { d.umount2(t, f); }
    @Override public void mkfifo(String p, int m) { d.mkfifo(p, m); }
    @Override public int open(String p, int f, int m) { return d.open(p, f, m); }
    @Override public int read(int fd, byte[] b, int l) { return d.read(fd, b, l); }
    @Override public int write(int fd, byte[] b, int o, int l) { return d.write(fd, b, o, l); }
    @Override public long lseek(int fd, long o, int w) { return d.lseek(fd, o, w); }
    @Override public void close(int fd) { d.close(fd); }
    @Override public int fcntl(int fd, int c, int a) { return d.fcntl(fd, c, a); }
    @Override public int poll(int fd, short e, int t) { return d.poll(fd, e, t); }
    @Override public io.drydock.runtime.sys.FdPair pipe2(int f) { return d.pipe2(f); }
    @Override public io.drydock.runtime.sys.FdPair socketpair(int a, int b, int c) { return d.socketpair(a, b, c); }
    @Override public int memfdCreate(String n, int f) { return d.memfdCreate(n, f); }
    @Override public int listenUnix(String p, int b) { return d.listenUnix(p, b); }
    @Override public int accept(int fd) { return d.accept(fd); }
    @Override public int receiveFd(int fd) { return d.receiveFd(fd); }
    @Override public int listenUnix(String p, int t, int b) { return d.listenUnix(p, t, b); }
    @Override public int sendMessage(int fd, byte[] b, int[] f) { return d.sendMessage(fd, b, f); }
    @Override public SocketMessage receiveMessage(int fd, int b, int f) { return d.receiveMessage(fd, b, f); }
    @Override public int spawn(String p, List<String> a, List<String> e, List<FdMapping> m) {
      d.failNext(Errno.ENOENT);
      return d.spawn(p, a, e, m);
    }
    @Override public void kill(int p, int s) { d.kill(p, s); }
    @Override public WaitStatus waitpid(int p, int f) { return d.waitpid(p, f); }
    @Override public void setChildSubreaper() { d.setChildSubreaper(); }
    @Override public void clearChildSubreaper() { d.clearChildSubreaper(); }
    @Override public int pidfdOpen(int p, int f) { return d.pidfdOpen(p, f); }
    @Override public void pidfdSendSignal(int p, int s) { d.pidfdSendSignal(p, s); }
    @Override public int getpid() { return d.getpid(); }
  }

  @Test
  void launch_withErrorLogFd_mapsItAfterTheSyncSocketAndNamesIt() {
    ShimLauncher launcher = new ShimLauncher(fake, ShimBinary.load(fake));
    fake.queueSocketpairRead(sync(SyncMessage.CHILD_PID, 4242));
    launcher.launch(execPlan(), Stdio.of(0, 1, 2), 30).close();
    SpawnCall spawn = fake.calls(SpawnCall.class).get(0);
    assertThat(spawn.argv()).containsExactly("drydock-init", "3", "4", "5", "0", "6");
    assertThat(spawn.path()).isEqualTo("/proc/self/fd/7");
    // the seventh fd copied for the child is the caller's error log
    assertThat(fake.calls(RecordingSyscalls.FcntlCall.class).stream()
            .filter(c -> c.cmd() == Syscalls.F_DUPFD_CLOEXEC).toList().get(6).fd())
        .isEqualTo(30);
  }
}
