package io.drydock.runtime.process;

import static io.drydock.runtime.sys.MountFlags.MS_NODEV;
import static io.drydock.runtime.sys.MountFlags.MS_NOEXEC;
import static io.drydock.runtime.sys.MountFlags.MS_NOSUID;
import static io.drydock.runtime.sys.MountFlags.MS_RDONLY;
import static io.drydock.runtime.sys.MountFlags.MS_REC;
import static io.drydock.runtime.sys.MountFlags.MS_SLAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.cgroup.CgroupLayout;
import io.drydock.runtime.process.InitPlan.CreateTarget;
import io.drydock.runtime.process.InitPlan.MountOp;
import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.WaitStatus;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The init shim on its own, with hand-made plans, against the real kernel: a busybox rootfs in
 * a temporary directory, namespaces, mounts, pivot_root, credentials, the exec fifo.
 */
class ShimIT {
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final List<String> ENV = List.of("PATH=/bin", "HOME=/");
  private static final long CAP_KILL = 1L << 5;
  private static final long CAP_NET_BIND_SERVICE = 1L << 10;

  private static Syscalls sys;

  @TempDir Path dir;
  private Path rootfs;
  private final List<Integer> pids = new ArrayList<>();
  private final List<Integer> fds = new ArrayList<>();
  private ShimLauncher launcher;

  @BeforeAll
  static void host() {
    assumeTrue(Files.isExecutable(BUSYBOX), "needs busybox-static at /bin/busybox");
    sys = new LinuxSyscalls();
    assumeTrue(sys.getpid() > 0 && isRoot(), "needs root to create namespaces and mount");
    // The container's init re-parents to us when the shim's first stage exits.
    sys.setChildSubreaper();
  }

  private static boolean isRoot() {
    try {
      return Files.readString(Path.of("/proc/self/status")).lines()
          .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    } catch (IOException e) {
      return false;
    }
  }

  @BeforeEach
  void rootfs() throws IOException {
    rootfs = Files.createDirectory(dir.resolve("rootfs"));
    Path bin = Files.createDirectory(rootfs.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : List.of("sh", "cat", "echo", "hostname", "ls", "id", "true", "grep",
        "touch", "sleep", "mkdir", "readlink", "stat")) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    for (String d : List.of("proc", "dev", "sys", "tmp", "etc", "secrets")) {
      Files.createDirectory(rootfs.resolve(d));
    }
    Files.writeString(rootfs.resolve("etc/secret"), "top secret\n");
    Files.writeString(rootfs.resolve("secrets/key"), "key\n");
    launcher = new ShimLauncher(sys);
  }

  @AfterEach
  void cleanUp() {
    for (int pid : pids) {
      try {
        sys.kill(pid, Syscalls.SIGKILL);
      } catch (RuntimeException alreadyGone) {
        // reaped by the test itself
      }
      try {
        sys.waitpid(pid, 0);
      } catch (RuntimeException alreadyReaped) {
        // ECHILD
      }
    }
    for (int fd : fds) {
      sys.close(fd);
    }
  }

  private static List<MountOp> baseMounts() {
    return List.of(
        new MountOp("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, null, 0,
            CreateTarget.DIRECTORY),
        new MountOp("tmpfs", "/dev", "tmpfs", MS_NOSUID, "mode=755,size=1m", 0,
            CreateTarget.DIRECTORY),
        new MountOp("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
            "newinstance,ptmxmode=0666,mode=0620", 0, CreateTarget.DIRECTORY),
        new MountOp("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, null,
            0, CreateTarget.DIRECTORY),
        new MountOp("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m", 0,
            CreateTarget.DIRECTORY));
  }

  private InitPlan.Rootfs rootfsPlan(boolean readonly, List<MountOp> mounts) {
    return new InitPlan.Rootfs(rootfs, readonly, MS_SLAVE | MS_REC, mounts,
        List.of(new InitPlan.DeviceNode("/dev/null", 'c', 1, 3, 0666, 0, 0, false),
            new InitPlan.DeviceNode("/dev/zero", 'c', 1, 5, 0666, 0, 0, false)),
        List.of(new InitPlan.DevSymlink("/proc/self/fd", "/dev/fd"),
            new InitPlan.DevSymlink("/proc/self/fd/0", "/dev/stdin"),
            new InitPlan.DevSymlink("/proc/self/fd/1", "/dev/stdout"),
            new InitPlan.DevSymlink("/proc/self/fd/2", "/dev/stderr"),
            new InitPlan.DevSymlink("pts/ptmx", "/dev/ptmx")),
        List.of("/etc/secret", "/secrets", "/proc/kcore"),
        List.of("/proc/sys"));
  }

  private InitPlan.Builder create(String script) throws IOException {
    Path fifo = dir.resolve("exec.fifo");
    Files.deleteIfExists(fifo);
    sys.mkfifo(fifo.toString(), 0622);
    // The child opens the fifo for writing after it switched to the process's uid (as runc's
    // 0622 fifo): others may write, only the owner may read (start).
    Files.setPosixFilePermissions(fifo, PosixFilePermissions.fromString("rw--w--w-"));
    return InitPlan.builder(InitPlan.Mode.CREATE)
        .createNamespaces(Set.of(NamespaceType.PID, NamespaceType.MOUNT, NamespaceType.UTS,
            NamespaceType.IPC, NamespaceType.NETWORK))
        .hostname("drydock-it")
        .rootfs(rootfsPlan(false, baseMounts()))
        .execFifo(fifo)
        .process(InitPlan.ProcessSpec.of(List.of("sh", "-c", script), ENV));
  }

  /** The outcome of one container run. */
  private record Run(int exitCode, String output) {}

  /** Creates, starts (reads the fifo) and waits for the container; output is stdout+stderr. */
  private Run run(InitPlan plan, List<Integer> preserved) {
    return run(plan, preserved, null);
  }

  private Run run(InitPlan plan, List<Integer> preserved, String state) {
    FdPair out = pipe();
    int devNull = sys.open("/dev/null", Syscalls.O_CLOEXEC, 0);
    fds.add(devNull);
    int child;
    try (ShimProcess p = launcher.launch(plan, new Stdio(devNull, out.second(), out.second(),
        preserved))) {
      child = p.childPid();
      pids.add(child);
      p.proceed(state, state);
      p.awaitReady(TIMEOUT);
      start(plan.execFifo());
      p.awaitExec(TIMEOUT);
    } finally {
      closeTracked(out.second());
    }
    String output = drain(out.first());
    WaitStatus status = sys.waitpid(child, 0);
    pids.remove(Integer.valueOf(child));
    assertThat(status).isInstanceOf(WaitStatus.Exited.class);
    return new Run(((WaitStatus.Exited) status).code(), output);
  }

  private Run run(InitPlan plan) {
    return run(plan, List.of());
  }

  /** What `start` does: open the fifo for reading, which releases the child, and read its byte. */
  private void start(Path fifo) {
    int fd = sys.open(fifo.toString(), Syscalls.O_CLOEXEC | Syscalls.O_NONBLOCK, 0);
    try {
      assertThat(sys.poll(fd, Syscalls.POLLIN, (int) TIMEOUT.toMillis()) & Syscalls.POLLIN)
          .as("the child writes one byte to the exec fifo").isNotZero();
      byte[] b = new byte[1];
      assertThat(sys.read(fd, b, 1)).isEqualTo(1);
    } finally {
      sys.close(fd);
    }
  }

  private FdPair pipe() {
    FdPair p = sys.pipe2(Syscalls.O_CLOEXEC);
    fds.add(p.first());
    fds.add(p.second());
    return p;
  }

  private void closeTracked(int fd) {
    if (fds.remove(Integer.valueOf(fd))) {
      sys.close(fd);
    }
  }

  private String drain(int fd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (true) {
      int revents = sys.poll(fd, Syscalls.POLLIN, (int) TIMEOUT.toMillis());
      assertThat(revents).as("container output before the timeout").isNotZero();
      int n = sys.read(fd, buf, buf.length);
      if (n == 0) {
        return out.toString(StandardCharsets.UTF_8);
      }
      out.write(buf, 0, n);
    }
  }

  @Test
  @DisplayName("the process is pid 1 of its namespace and sees the configured hostname")
  void create_runsAsPid1WithHostname() throws IOException {
    Run r = run(create("echo pid=$$; hostname").build());
    assertThat(r.exitCode()).isZero();
    assertThat(r.output()).isEqualTo("pid=1\ndrydock-it\n");
  }

  @Test
  @DisplayName("a new network namespace has only lo")
  void create_newNetworkNamespace_hasOnlyLoopback() throws IOException {
    Run r = run(create("tail -n +3 /proc/net/dev | cut -d: -f1").build());
    assertThat(r.output().lines().map(String::strip).toList()).containsExactly("lo");
  }

  @Test
  @DisplayName("masked paths read empty, read-only paths refuse writes")
  void create_maskedAndReadonlyPaths() throws IOException {
    Run r = run(create("cat /etc/secret; echo files=$(ls /secrets | wc -l);"
        + " echo 1 > /proc/sys/kernel/domainname && echo wrote || echo refused").build());
    assertThat(r.output()).startsWith("files=0\n").contains("refused").doesNotContain("top secret");
  }

  @Test
  @DisplayName("a read-only root refuses writes, the tmpfs on /tmp accepts them")
  void create_readonlyRoot_refusesWrites() throws IOException {
    InitPlan plan = create("touch /x 2>&1; echo rc=$?; touch /tmp/y && echo tmp-ok")
        .rootfs(rootfsPlan(true, baseMounts())).build();
    Run r = run(plan);
    assertThat(r.output()).contains("Read-only file system").contains("rc=1").contains("tmp-ok");
    assertThat(rootfs.resolve("x")).doesNotExist();
  }

  @Test
  @DisplayName("the effective capabilities are exactly the configured mask")
  void create_capabilities_areTheConfiguredMask() throws IOException {
    long caps = CAP_KILL | CAP_NET_BIND_SERVICE;
    InitPlan plan = create("grep -E '^Cap(Eff|Bnd|Amb)' /proc/self/status")
        .process(new InitPlan.ProcessSpec(List.of("sh", "-c",
            "grep -E '^Cap(Eff|Bnd|Amb)' /proc/self/status"), ENV, "/", 0, 0, List.of(), null,
            true, null, new InitPlan.Capabilities(caps, caps, caps, caps, 0), false))
        .build();
    Run r = run(plan);
    assertThat(r.output()).contains("CapEff:\t0000000000000420")
        .contains("CapBnd:\t0000000000000420").contains("CapAmb:\t0000000000000000");
  }

  @Test
  @DisplayName("uid, gid, groups and cwd are switched; ambient caps survive the uid change")
  void create_user_switchesCredentials() throws IOException {
    long caps = CAP_NET_BIND_SERVICE;
    InitPlan plan = create("").process(new InitPlan.ProcessSpec(
            List.of("sh", "-c", "id; pwd; grep CapEff /proc/self/status"), ENV, "/tmp", 1000,
            1001, List.of(1002, 1003), 077, true, 500,
            new InitPlan.Capabilities(caps, caps, caps, caps, caps), false))
        .build();
    Run r = run(plan);
    assertThat(r.output()).contains("uid=1000 gid=1001 groups=1002,1003").contains("/tmp\n")
        .contains("CapEff:\t0000000000000400");
  }

  @Test
  @DisplayName("no fd leaks into the container; preserved fds arrive at 3, 4, ...")
  void create_onlyStdioAndPreservedFds() throws IOException {
    Run plain = run(create("ls /proc/self/fd").build());
    // busybox ls holds fd 3 on the directory it lists
    assertThat(fdSet(plain.output())).containsExactlyInAnyOrder(0, 1, 2, 3);
    FdPair extra = pipe();
    Run preserved = run(create("ls /proc/self/fd").build(), List.of(extra.first()));
    assertThat(fdSet(preserved.output())).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
  }

  @Test
  @DisplayName("close_range refused (ENOSYS, as before Linux 5.9): fds are closed and marked one by one")
  void create_closeRangeRefused_stillNoFdLeaks() throws Exception {
    Run r = io.drydock.runtime.sys.linux.CloseRangeRefused.call(
        () -> run(create("ls /proc/self/fd; grep Seccomp: /proc/self/status").build()));
    // the filter was there: the container inherits it from the shim
    assertThat(r.output()).contains("Seccomp:\t2");
    assertThat(fdSet(r.output().lines().filter(l -> !l.startsWith("Seccomp")).collect(Collectors.joining(" "))))
        .containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  private static Set<Integer> fdSet(String lsOutput) {
    return Arrays.stream(lsOutput.split("\\s+")).filter(s -> !s.isEmpty()).map(Integer::valueOf)
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName("the exit code of the process passes through")
  void create_exitCode_passesThrough() throws IOException {
    assertThat(run(create("exit 42").build()).exitCode()).isEqualTo(42);
  }

  @Test
  @DisplayName("a mount target through a symlink pointing out of the rootfs is refused, nothing made outside")
  void create_symlinkEscapeTarget_isRefusedNamingThePath() throws IOException {
    Path outside = Files.createDirectory(dir.resolve("outside-" + UUID.randomUUID()));
    Files.createSymbolicLink(rootfs.resolve("escape"), Path.of("../../" + outside.getFileName()));
    List<MountOp> mounts = new ArrayList<>(baseMounts());
    mounts.add(new MountOp("tmpfs", "/escape/sub", "tmpfs", 0, null, 0, CreateTarget.DIRECTORY));
    InitPlan plan = create("true").rootfs(rootfsPlan(false, mounts)).build();
    assertThatThrownBy(() -> run(plan))
        .isInstanceOfSatisfying(ShimException.class, e -> {
          assertThat(e.stage()).isEqualTo("init");
          assertThat(e.path()).isEqualTo("/escape");
          assertThat(e.getMessage()).contains("/escape/sub");
        });
    try (var entries = Files.list(outside)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  @DisplayName("a mount target with '..' is refused by the shim itself")
  void create_dotDotTarget_isRefusedByTheShim() throws IOException {
    List<MountOp> mounts = new ArrayList<>(baseMounts());
    mounts.add(new MountOp("tmpfs", "/zz/etc", "tmpfs", 0, null, 0, CreateTarget.DIRECTORY));
    InitPlan plan = create("true").rootfs(rootfsPlan(false, mounts)).build();
    // The Java records refuse '..', so patch the encoded bytes: "/zz/etc" -> "/../etc".
    byte[] bytes = new PlanEncoder().encode(plan);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("/zz/etc");
    bytes[at + 1] = '.';
    bytes[at + 2] = '.';
    FdPair out = pipe();
    try (ShimProcess p = launcher.launchEncoded(bytes, Stdio.of(out.second(), out.second(),
        out.second()))) {
      pids.add(p.childPid());
      p.proceed();
      assertThatThrownBy(() -> p.awaitReady(TIMEOUT))
          .isInstanceOfSatisfying(ShimException.class, e -> {
            assertThat(e.operation()).isEqualTo("resolve");
            assertThat(e.path()).isEqualTo("/../etc");
          });
    }
  }

  @Test
  @DisplayName("a missing executable fails with the shim's execve error after start")
  void create_missingExecutable_reportsExecveError() throws IOException {
    InitPlan plan = create("").process(InitPlan.ProcessSpec.of(List.of("no-such-binary"), ENV))
        .build();
    assertThatThrownBy(() -> run(plan))
        .isInstanceOfSatisfying(ShimException.class, e -> {
          assertThat(e.operation()).isEqualTo("execve");
          assertThat(e.path()).isEqualTo("no-such-binary");
          assertThat(e.errno()).isEqualTo(2);
        });
  }
  /** The host's cgroup2 mount (pure v2, or a hybrid host's unified one), for CLONE_INTO_CGROUP. */
  private static Path cgroup2Mount() throws Exception {
    Optional<Path> mount = CgroupLayout.detectHost().unifiedMount();
    assumeTrue(mount.isPresent(), "host has no cgroup2 mount to clone into");
    return mount.orElseThrow();
  }

  @Test
  @DisplayName("with a cgroup v2 directory in the plan the child is born in it (clone3 CLONE_INTO_CGROUP)")
  void create_cgroupDir_childIsBornInTheCgroup() throws Exception {
    Path mount = cgroup2Mount();
    String name = "drydock-it-clone-" + UUID.randomUUID().toString().substring(0, 8);
    Path cgroup = Files.createDirectory(mount.resolve(name));
    try {
      InitPlan plan = create("cat /proc/self/cgroup").cgroupDir(cgroup).build();
      FdPair out = pipe();
      int devNull = sys.open("/dev/null", Syscalls.O_CLOEXEC, 0);
      fds.add(devNull);
      int child;
      try (ShimProcess p = launcher.launch(plan, new Stdio(devNull, out.second(), out.second(), List.of()))) {
        child = p.childPid();
        pids.add(child);
        // Linux 5.7 and later have CLONE_INTO_CGROUP: this host's kernel and the v2 guest's do.
        assertThat(p.childBornInCgroup()).as("born in the cgroup by clone3").isTrue();
        // Before "go" nobody but the shim has placed it: the cgroup's only process is the child.
        assertThat(Files.readString(cgroup.resolve("cgroup.procs")).strip()).isEqualTo(Integer.toString(child));
        p.proceed();
        p.awaitReady(TIMEOUT);
        start(plan.execFifo());
        p.awaitExec(TIMEOUT);
      } finally {
        closeTracked(out.second());
      }
      String output = drain(out.first());
      assertThat(sys.waitpid(child, 0)).isEqualTo(new WaitStatus.Exited(child, 0));
      pids.remove(Integer.valueOf(child));
      // No cgroup namespace in this plan: the container sees its host cgroup path.
      assertThat(output).contains("0::/" + name + "\n");
    } finally {
      Files.delete(cgroup);
    }
  }

  @Test
  @DisplayName("clone3 refused (ENOSYS, as before Linux 5.3): the child is cloned as before and the shim says it is not in the cgroup")
  void create_cgroupDir_clone3Refused_fallsBackToClone() throws Exception {
    Path cgroup = Files.createDirectory(cgroup2Mount().resolve("drydock-it-clone-" + UUID.randomUUID().toString().substring(0, 8)));
    try {
      InitPlan plan = create("cat /proc/self/cgroup").cgroupDir(cgroup).build();
      boolean[] bornInCgroup = {true};
      String[] procs = {null};
      String output = io.drydock.runtime.sys.linux.SyscallRefused.call("clone3", () -> runPlacingChild(plan, child -> {
        // What the runtime then does: attach the child itself, before go.
        procs[0] = Files.readString(cgroup.resolve("cgroup.procs")).strip();
        Files.writeString(cgroup.resolve("cgroup.procs"), Integer.toString(child));
      }, p -> bornInCgroup[0] = p.childBornInCgroup()));
      assertThat(bornInCgroup[0]).as("born in the cgroup").isFalse();
      assertThat(procs[0]).as("the cgroup's processes before the runtime attached the child").isEmpty();
      assertThat(output.lines()).contains("0::/" + cgroup.getFileName());
    } finally {
      Files.delete(cgroup);
    }
  }

  @Test
  @DisplayName("a plan's missing cgroup directory fails the launch naming it, and no child is made")
  void create_missingCgroupDir_failsNamingThePath() throws Exception {
    Path missing = cgroup2Mount().resolve("drydock-it-missing-" + UUID.randomUUID().toString().substring(0, 8));
    InitPlan plan = create("true").cgroupDir(missing).build();
    assertThatThrownBy(() -> run(plan))
        .isInstanceOfSatisfying(ShimException.class, e -> {
          assertThat(e.operation()).isEqualTo("open");
          assertThat(e.path()).isEqualTo(missing.toString());
          assertThat(e.errno()).isEqualTo(2);
        });
    assertThat(missing).doesNotExist();
  }

  /** Creates and starts a container whose process keeps running; returns its host pid. */
  private int startDetached(InitPlan plan) {
    int devNull = sys.open("/dev/null", Syscalls.O_CLOEXEC | Syscalls.O_RDWR, 0);
    fds.add(devNull);
    try (ShimProcess p = launcher.launch(plan, Stdio.of(devNull, devNull, devNull))) {
      pids.add(p.childPid());
      p.proceed();
      p.awaitReady(TIMEOUT);
      start(plan.execFifo());
      p.awaitExec(TIMEOUT);
      return p.childPid();
    }
  }

  @Test
  @DisplayName("EXEC joins a running container's namespaces and runs a process in them")
  void exec_joinsTheContainersNamespaces() throws IOException {
    int container = startDetached(create("exec sleep 60").build());
    // The init has exec'd sh, which execs sleep in turn: on a slow guest (TCG) the EXEC below can
    // read /proc/1/cmdline before or during that second exec (empty mid-exec).
    awaitCmdline(container, "sleep 60");
    InitPlan.Builder exec = InitPlan.builder(InitPlan.Mode.EXEC)
        .process(new InitPlan.ProcessSpec(List.of("sh", "-c",
            "echo pid=$$; hostname; cat /proc/1/cmdline; echo; pwd; ls /"), ENV, "/tmp", 0, 0,
            List.of(), null, true, null, InitPlan.Capabilities.none(), false));
    for (NamespaceType t : List.of(NamespaceType.IPC, NamespaceType.UTS, NamespaceType.NETWORK,
        NamespaceType.PID, NamespaceType.MOUNT)) {
      exec.joinNamespace(t, Path.of("/proc/" + container + "/ns/" + t.procName()));
    }
    FdPair out = pipe();
    int child;
    try (ShimProcess p = launcher.launch(exec.build(), Stdio.of(out.second(), out.second(),
        out.second()))) {
      child = p.childPid();
      pids.add(child);
      p.proceed();
      p.awaitExec(TIMEOUT);
    } finally {
      closeTracked(out.second());
    }
    String output = drain(out.first());
    assertThat(sys.waitpid(child, 0)).isEqualTo(new WaitStatus.Exited(child, 0));
    pids.remove(Integer.valueOf(child));
    List<String> lines = output.lines().toList();
    assertThat(lines.get(0)).startsWith("pid=").isNotEqualTo("pid=1");
    assertThat(lines.get(1)).isEqualTo("drydock-it");
    assertThat(lines.get(2).replace('\0', ' ').strip()).isEqualTo("sleep 60");
    assertThat(lines.get(3)).isEqualTo("/tmp");
    assertThat(lines.subList(4, lines.size())).contains("bin", "secrets");
  }

  /** Waits until {@code pid}'s command line, arguments joined by spaces, is {@code expected}. */
  private static void awaitCmdline(int pid, String expected) throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String seen = "";
    while (System.nanoTime() < deadline) {
      seen = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), java.nio.charset.StandardCharsets.UTF_8)
          .replace('\0', ' ').strip();
      if (seen.equals(expected)) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for pid " + pid + " to run " + expected, e);
      }
    }
    throw new AssertionError("pid " + pid + " did not come to run '" + expected + "' in " + TIMEOUT + " (last: '" + seen + "')");
  }

  @Test
  @DisplayName("EXEC into a namespace path that does not exist fails in stage 0 naming the path")
  void exec_missingNamespace_failsNamingThePath() {
    InitPlan plan = InitPlan.builder(InitPlan.Mode.EXEC)
        .joinNamespace(NamespaceType.NETWORK, dir.resolve("no-such-ns"))
        .process(InitPlan.ProcessSpec.of(List.of("true"), ENV)).build();
    assertThatThrownBy(() -> launcher.launch(plan, Stdio.of(0, 1, 2)))
        .isInstanceOfSatisfying(ShimException.class, e -> {
          assertThat(e.stage()).isEqualTo("stage0");
          assertThat(e.operation()).isEqualTo("open");
          assertThat(e.path()).isEqualTo(dir.resolve("no-such-ns").toString());
          assertThat(e.errno()).isEqualTo(2);
        });
  }

  @Test
  @DisplayName("seccomp: a rule with an argument comparison returns its errno, others pass")
  void create_seccomp_rulesApply() throws IOException {
    InitPlan.Seccomp filter = new InitPlan.Seccomp(InitPlan.SeccompAction.ALLOW, 0,
        List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"),
        List.of(new InitPlan.SeccompRule(List.of("mkdir", "mkdirat"),
                InitPlan.SeccompAction.ERRNO, 1, List.of()),
            new InitPlan.SeccompRule(List.of("kill"), InitPlan.SeccompAction.ERRNO, 13,
                List.of(new InitPlan.SeccompArg(1, 0, 0, InitPlan.SeccompOp.EQ))),
            new InitPlan.SeccompRule(List.of("no_such_syscall_in_any_kernel"),
                InitPlan.SeccompAction.ERRNO, 1, List.of())));
    InitPlan plan = create("mkdir /tmp/d 2>&1; echo mkdir=$?; kill -0 $$ 2>&1; echo kill0=$?;"
        + " kill -CONT $$; echo cont=$?").seccomp(filter).build();
    Run r = run(plan);
    assertThat(r.output()).contains("Operation not permitted").contains("mkdir=1")
        .contains("kill0=1").contains("cont=0");
  }

  @Test
  @DisplayName("a new user namespace: the process is root inside, mapped to 100000 outside")
  void create_userNamespace_mapsRoot() throws IOException {
    // The mapped root (host uid 100000) must be able to reach the rootfs and the fifo.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    InitPlan.Rootfs base = rootfsPlan(false, baseMounts());
    InitPlan.Rootfs userRootfs = new InitPlan.Rootfs(base.hostPath(), false, base.propagation(),
        base.mounts(),
        List.of(new InitPlan.DeviceNode("/dev/null", 'c', 1, 3, 0666, 0, 0, true),
            new InitPlan.DeviceNode("/dev/zero", 'c', 1, 5, 0666, 0, 0, true)),
        base.symlinks(), base.maskedPaths(), base.readonlyPaths());
    InitPlan plan = create("id -u; cat /proc/self/uid_map; cat /etc/secret; echo end")
        .createNamespace(NamespaceType.USER).waitForIdMaps(true).rootfs(userRootfs)
        .process(new InitPlan.ProcessSpec(List.of("sh", "-c",
            "id -u; cat /proc/self/uid_map; cat /etc/secret; echo end"), ENV, "/", 0, 0,
            List.of(), null, false, null, InitPlan.Capabilities.all(), false))
        .build();
    FdPair out = pipe();
    int devNull = sys.open("/dev/null", Syscalls.O_CLOEXEC, 0);
    fds.add(devNull);
    int child;
    try (ShimProcess p = launcher.launch(plan, Stdio.of(devNull, out.second(), out.second()))) {
      child = p.childPid();
      pids.add(child);
      List<IdMapping> map = List.of(new IdMapping(0, 100000, 65536));
      new IdMappings().write(child, map, map, false);
      p.proceed();
      p.awaitReady(TIMEOUT);
      start(plan.execFifo());
      p.awaitExec(TIMEOUT);
    } finally {
      closeTracked(out.second());
    }
    String output = drain(out.first());
    assertThat(sys.waitpid(child, 0)).isEqualTo(new WaitStatus.Exited(child, 0));
    pids.remove(Integer.valueOf(child));
    assertThat(output.lines().map(String::strip).toList())
        .containsExactly("0", "0     100000      65536", "end");
  }
  @Test
  @DisplayName("terminal: the pty master arrives on the console socket; the process's stdio is the slave")
  void create_terminal_sendsThePtyMaster() throws IOException {
    Path socket = dir.resolve("console.sock");
    int listening = sys.listenUnix(socket.toString(), 1);
    fds.add(listening);
    InitPlan plan = create("").consoleSocket(socket)
        .process(new InitPlan.ProcessSpec(List.of("sh", "-c", "tty; echo hi"), ENV, "/", 0, 0,
            List.of(), null, true, null, InitPlan.Capabilities.none(), true))
        .build();
    int devNull = sys.open("/dev/null", Syscalls.O_CLOEXEC, 0);
    fds.add(devNull);
    int child;
    int master;
    try (ShimProcess p = launcher.launch(plan, Stdio.of(devNull, devNull, devNull))) {
      child = p.childPid();
      pids.add(child);
      int conn = sys.accept(listening);
      fds.add(conn);
      p.proceed();
      p.awaitReady(TIMEOUT);
      master = sys.receiveFd(conn);
      fds.add(master);
      start(plan.execFifo());
      p.awaitExec(TIMEOUT);
    }
    StringBuilder out = new StringBuilder();
    byte[] buf = new byte[1024];
    try {
      while (sys.poll(master, Syscalls.POLLIN, (int) TIMEOUT.toMillis()) != 0) {
        int n = sys.read(master, buf, buf.length);
        if (n == 0) {
          break;
        }
        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
    } catch (io.drydock.runtime.sys.SyscallException e) {
      // EIO: every slave fd is closed, the process has exited (pty(7))
      assertThat(e.errno()).isEqualTo(io.drydock.runtime.sys.Errno.EIO);
    }
    assertThat(sys.waitpid(child, 0)).isEqualTo(new WaitStatus.Exited(child, 0));
    pids.remove(Integer.valueOf(child));
    assertThat(out.toString().lines().toList()).containsExactly("/dev/pts/0", "hi");
  }
  @Test
  @DisplayName("hooks: createContainer runs before pivot_root, startContainer in the container, both read the state")
  void create_hooks_runWithTheStateOnStdin() throws IOException {
    String state = "{\"ociVersion\":\"1.2.0\",\"id\":\"it\",\"status\":\"created\"}";
    Path seen = dir.resolve("create-hook.out");
    InitPlan plan = create("cat /tmp/start-state.json; echo; cat /tmp/start-env")
        .hook(new InitPlan.Hook(InitPlan.HookKind.CREATE_CONTAINER, "/bin/sh",
            List.of("sh", "-c", "cat > " + seen + "; echo \" host=$(hostname)\" >> " + seen),
            List.of("PATH=/usr/bin:/bin"), 10))
        .hook(new InitPlan.Hook(InitPlan.HookKind.START_CONTAINER, "/bin/sh",
            List.of("sh", "-c", "cat > /tmp/start-state.json; echo $HOOKVAR > /tmp/start-env"),
            List.of("PATH=/bin", "HOOKVAR=from-the-hook"), null))
        .build();
    Run r = run(plan, List.of(), state);
    assertThat(r.exitCode()).isZero();
    // the createContainer hook ran on the host's paths, in the container's UTS namespace
    assertThat(Files.readString(seen)).isEqualTo(state + " host=drydock-it\n");
    assertThat(r.output()).isEqualTo(state + "\nfrom-the-hook\n");
  }

  @Test
  @DisplayName("hooks: a hook outliving its timeout fails the create, naming the hook")
  void create_hookTimeout_failsNamingTheHook() throws IOException {
    InitPlan plan = create("true")
        .hook(new InitPlan.Hook(InitPlan.HookKind.CREATE_CONTAINER, "/bin/sleep",
            List.of("sleep", "30"), List.of(), 1))
        .build();
    assertThatThrownBy(() -> run(plan, List.of(), "{}"))
        .isInstanceOfSatisfying(ShimException.class, e -> {
          assertThat(e.operation()).isEqualTo("hook");
          assertThat(e.path()).isEqualTo("/bin/sleep");
          assertThat(e.getMessage()).contains("timeout of 1 s");
        });
  }
  /**
   * A hierarchy to make a test cgroup in: the v1 pids hierarchy where there is one (a hybrid
   * host), else the unified one (a pure cgroup v2 host); with the line of /proc/self/cgroup that
   * names it.
   */
  private record Hierarchy(Path root, String procLinePattern) {
    static Hierarchy forHost() throws Exception {
      Path pids = Path.of("/sys/fs/cgroup/pids");
      if (Files.isWritable(pids.resolve("cgroup.procs"))) {
        return new Hierarchy(pids, "\\d+:pids:");
      }
      return new Hierarchy(cgroup2Mount(), "0::");
    }
  }

  @Test
  @DisplayName("a new cgroup namespace is rooted at the cgroup Java put the child in before go")
  void create_cgroupNamespace_isRootedAtTheContainersCgroup() throws Exception {
    Hierarchy h = Hierarchy.forHost();
    Path cgroup = Files.createDirectory(h.root().resolve("drydock-it-" + UUID.randomUUID()));
    try {
      InitPlan plan = create("cat /proc/self/cgroup")
          .createNamespace(NamespaceType.CGROUP).build();
      String output = runPlacingChild(plan, child -> Files.writeString(cgroup.resolve("cgroup.procs"),
          Integer.toString(child)));
      assertThat(output.lines()).anyMatch(l -> l.matches(h.procLinePattern() + "/"));
    } finally {
      Files.delete(cgroup);
    }
  }

  @Test
  @DisplayName("cloned straight into a cgroup v2 dir, a new cgroup namespace is rooted there too")
  void create_cgroupDirAndCgroupNamespace_namespaceIsRootedAtTheCgroup() throws Exception {
    Path cgroup = Files.createDirectory(cgroup2Mount().resolve("drydock-it-" + UUID.randomUUID()));
    try {
      InitPlan plan = create("cat /proc/self/cgroup")
          .createNamespace(NamespaceType.CGROUP).cgroupDir(cgroup).build();
      String output = runPlacingChild(plan, child -> { });
      assertThat(output.lines()).contains("0::/");
      assertThat(output).doesNotContain(cgroup.getFileName().toString());
    } finally {
      Files.delete(cgroup);
    }
  }

  /** Something done with the child's pid between the launch and "go". */
  private interface BeforeGo {
    void accept(int child) throws IOException;
  }

  /** Runs a plan to its end as {@link #run} does, calling {@code beforeGo} with the child's pid first. */
  private String runPlacingChild(InitPlan plan, BeforeGo beforeGo) throws IOException {
    return runPlacingChild(plan, beforeGo, p -> { });
  }

  private String runPlacingChild(InitPlan plan, BeforeGo beforeGo,
      java.util.function.Consumer<ShimProcess> launched) throws IOException {
    FdPair out = pipe();
    int child;
    try (ShimProcess p = launcher.launch(plan, Stdio.of(out.second(), out.second(), out.second()))) {
      child = p.childPid();
      pids.add(child);
      launched.accept(p);
      beforeGo.accept(child);
      p.proceed();
      p.awaitReady(TIMEOUT);
      start(plan.execFifo());
      p.awaitExec(TIMEOUT);
    } finally {
      closeTracked(out.second());
    }
    String output = drain(out.first());
    assertThat(sys.waitpid(child, 0)).isEqualTo(new WaitStatus.Exited(child, 0));
    pids.remove(Integer.valueOf(child));
    return output;
  }

  @Test
  @DisplayName("an error after start also lands in the error log file, for a start in another process")
  void create_errorAfterStart_isInTheErrorLogFile() throws IOException {
    Path errors = dir.resolve("shim-errors.log");
    int errorLog = sys.open(errors.toString(), Syscalls.O_CLOEXEC | Syscalls.O_WRONLY
        | Syscalls.O_CREAT | Syscalls.O_APPEND, 0600);
    fds.add(errorLog);
    InitPlan plan = create("").process(InitPlan.ProcessSpec.of(List.of("/no/such/binary"), ENV))
        .build();
    int devNull = sys.open("/dev/null", Syscalls.O_CLOEXEC, 0);
    fds.add(devNull);
    int child;
    try (ShimProcess p = launcher.launch(plan, Stdio.of(devNull, devNull, devNull), errorLog)) {
      child = p.childPid();
      pids.add(child);
      p.proceed();
      p.awaitReady(TIMEOUT);
    } // the launching side is gone, as after `create`
    start(plan.execFifo());
    assertThat(sys.waitpid(child, 0)).isEqualTo(new WaitStatus.Exited(child, 1));
    pids.remove(Integer.valueOf(child));
    assertThat(ShimException.fromErrorLog(errors)).hasValueSatisfying(e -> {
      assertThat(e.operation()).isEqualTo("execve");
      assertThat(e.path()).isEqualTo("/no/such/binary");
      assertThat(e.errno()).isEqualTo(2);
    });
  }
}
