package io.drydock.runtime.process;

import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.WaitStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Starts the init shim (from its sealed memfd, {@link ShimBinary}) with posix_spawn(3), handing
 * it exactly: the caller's stdio on 0/1/2, the preserved fds on 3.., then the read end of the
 * plan pipe, the write end of the log pipe, the shim's end of the sync socket, and the shim's own
 * memfd (executed as /proc/self/fd/N, closed by the shim at once).
 *
 * <p>Spawning and handing over the plan are separate steps ({@link #spawn}, then
 * {@link PendingShim#launch}): the shim's first stage waits for its plan, so a caller can start
 * it while it still resolves the plan, and place it in the container's cgroup before it clones
 * (the child is then born there). {@link #launch} does both at once.
 */
public final class ShimLauncher {
  /** How long the first stage may take to report the child's pid. */
  static final Duration STAGE0_TIMEOUT = Duration.ofSeconds(30);

  private final Syscalls syscalls;
  private final ShimBinary binary;
  private final PlanEncoder encoder = new PlanEncoder();

  /** Uses the packaged shim, shared by every launcher of this {@code syscalls}. */
  public ShimLauncher(Syscalls syscalls) {
    this(syscalls, ShimBinary.shared(syscalls));
  }

  /** @param binary the shim to run */
  public ShimLauncher(Syscalls syscalls, ShimBinary binary) {
    this.syscalls = Objects.requireNonNull(syscalls, "syscalls");
    this.binary = Objects.requireNonNull(binary, "binary");
  }

  /**
   * Spawns the shim for {@code plan}. The child it creates waits for {@link ShimProcess#proceed()}.
   *
   * @throws ShimException when the shim's first stage fails (e.g. a setns or clone refused)
   * @throws SyscallException when a host call (pipe, spawn, ...) fails
   */
  public ShimProcess launch(InitPlan plan, Stdio stdio) {
    return launch(plan, stdio, -1);
  }

  /**
   * Spawns the shim for {@code plan}, which also appends its JSON error lines to
   * {@code errorLogFd} (e.g. a file opened O_APPEND in the container's state directory): after
   * {@code create} returns nobody reads the log pipe, so a failure after start (a missing
   * executable, a startContainer hook) can only be found there, with
   * {@link ShimException#fromErrorLog(java.nio.file.Path)}.
   *
   * @param errorLogFd the fd, or -1 for none; the caller keeps and closes it
   */
  public ShimProcess launch(InitPlan plan, Stdio stdio, int errorLogFd) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(stdio, "stdio");
    byte[] encoded = encoder.encode(plan);
    return spawn(stdio, errorLogFd).launchEncoded(encoded);
  }

  /**
   * Spawns the shim's first stage, which waits for its plan ({@link PendingShim#launch}); the
   * caller must launch or close the result.
   *
   * @param errorLogFd as for {@link #launch(InitPlan, Stdio, int)}
   * @throws SyscallException when a host call (pipe, spawn, ...) fails
   */
  public PendingShim spawn(Stdio stdio, int errorLogFd) {
    Objects.requireNonNull(stdio, "stdio");
    List<Integer> toClose = new ArrayList<>();
    FdPair plan = null;
    FdPair log = null;
    FdPair sync = null;
    int pid;
    try {
      plan = syscalls.pipe2(Syscalls.O_CLOEXEC);
      toClose.add(plan.first());
      log = syscalls.pipe2(Syscalls.O_CLOEXEC);
      toClose.add(log.second());
      sync = syscalls.socketpair(Syscalls.AF_UNIX,
          Syscalls.SOCK_SEQPACKET | Syscalls.SOCK_CLOEXEC, 0);
      toClose.add(sync.second());

      List<Integer> sources = new ArrayList<>();
      sources.add(stdio.stdin());
      sources.add(stdio.stdout());
      sources.add(stdio.stderr());
      sources.addAll(stdio.preservedFds());
      int planTarget = sources.size();
      sources.add(plan.first());
      sources.add(log.second());
      sources.add(sync.second());
      if (errorLogFd >= 0) {
        sources.add(errorLogFd);
      }
      // posix_spawn closes every unmapped fd before execve, so the shim's own memfd is mapped
      // too and executed through its new number; the shim closes it first thing.
      int binaryTarget = sources.size();
      sources.add(binary.fd());
      // dup2 in sequence would clobber a source that is also a lower target (e.g. stdout on
      // fd 4 while fd 4 receives a preserved fd): first copy every source above all targets.
      int base = sources.size() + 16;
      List<Syscalls.FdMapping> mappings = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        int high = syscalls.fcntl(sources.get(i), Syscalls.F_DUPFD_CLOEXEC, base);
        toClose.add(high);
        mappings.add(new Syscalls.FdMapping(high, i));
      }
      List<String> argv = new ArrayList<>(List.of("drydock-init", Integer.toString(planTarget),
          Integer.toString(planTarget + 1), Integer.toString(planTarget + 2),
          Integer.toString(stdio.preservedFds().size())));
      if (errorLogFd >= 0) {
        argv.add(Integer.toString(planTarget + 3));
      }
      pid = syscalls.spawn("/proc/self/fd/" + binaryTarget, argv, List.of(), mappings);
    } catch (RuntimeException e) {
      closeAll(toClose, e);
      for (FdPair kept : new FdPair[] {plan, log, sync}) {
        if (kept != null) {
          closeQuietly(kept == plan ? plan.second() : kept.first(), e);
        }
      }
      throw e;
    }
    closeAll(toClose, null);
    return new PendingShim(pid, plan.second(), new LaunchedShim(syscalls, sync.first(), log.first()));
  }

  /** Spawns the shim with an already encoded plan (tests hand the shim crafted bytes). */
  ShimProcess launchEncoded(byte[] encoded, Stdio stdio) {
    return spawn(stdio, -1).launchEncoded(encoded);
  }

  /**
   * A spawned first stage waiting for its plan. {@link #launch} hands the plan over and returns
   * once the child is cloned; {@link #close} without a launch ends the first stage (it reads an
   * empty plan and exits) and reaps it.
   */
  public final class PendingShim implements AutoCloseable {
    private final int stage0;
    private final LaunchedShim shim;
    private int planFd;
    private boolean launched;

    private PendingShim(int stage0, int planFd, LaunchedShim shim) {
      this.stage0 = stage0;
      this.planFd = planFd;
      this.shim = shim;
    }

    /** The first stage's pid: a process in a cgroup before the clone makes the child there. */
    public int stage0Pid() {
      return stage0;
    }

    /**
     * Writes the plan to the first stage and waits until it reported the child's pid.
     *
     * @throws ShimException when the first stage fails (e.g. a setns or clone refused)
     */
    public ShimProcess launch(InitPlan plan) {
      return launchEncoded(encoder.encode(Objects.requireNonNull(plan, "plan")));
    }

    ShimProcess launchEncoded(byte[] encoded) {
      if (launched) {
        throw new IllegalStateException("already launched");
      }
      launched = true;
      try {
        try {
          for (int off = 0; off < encoded.length; ) {
            off += syscalls.write(planFd, encoded, off, encoded.length - off);
          }
        } finally {
          int fd = planFd;
          planFd = -1;
          syscalls.close(fd); // end of file: the whole plan is there
        }
        shim.awaitChildPid(stage0, STAGE0_TIMEOUT);
        return shim;
      } catch (RuntimeException e) {
        // E.g. a first stage that died before reading its plan (EPIPE here): its reason is in the log.
        RuntimeException failure = shim.abandon(stage0, e);
        try {
          shim.close();
        } catch (RuntimeException c) {
          failure.addSuppressed(c);
        }
        throw failure;
      }
    }

    @Override
    public void close() {
      if (launched) {
        return;
      }
      launched = true;
      // Each step is tried whatever the one before did: the first stage must not outlive this.
      List<Runnable> steps = List.of(() -> syscalls.close(planFd), () -> syscalls.waitpid(stage0, 0), shim::close);
      RuntimeException failure = null;
      for (Runnable step : steps) {
        try {
          step.run();
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      planFd = -1;
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void closeAll(List<Integer> fds, RuntimeException primary) {
    for (int fd : fds) {
      if (primary == null) {
        syscalls.close(fd);
      } else {
        closeQuietly(fd, primary);
      }
    }
  }

  private void closeQuietly(int fd, RuntimeException primary) {
    try {
      syscalls.close(fd);
    } catch (RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  /** The Java side of a running shim. */
  static final class LaunchedShim implements ShimProcess {
    /** One SOCK_SEQPACKET message must fit the socket's send buffer (about 208 KiB by
     * default, net.core.wmem_default); the OCI state is far smaller. */
    static final int MAX_STATE_BYTES = 65536 - SyncMessage.SIZE;
    private final Syscalls syscalls;
    private final int syncFd;
    private final int logFd;
    private boolean closed;
    private int childPid = -1;
    private boolean childBornInCgroup;
    private boolean stage0Reaped;

    LaunchedShim(Syscalls syscalls, int syncFd, int logFd) {
      this.syscalls = syscalls;
      this.syncFd = syncFd;
      this.logFd = logFd;
    }

    void awaitChildPid(int stage0, Duration timeout) {
      int[] msg = receive(timeout, "the child's pid");
      if (msg == null) {
        WaitStatus status = syscalls.waitpid(stage0, 0);
        stage0Reaped = true;
        throw failure("the shim's first stage ended (" + status + ") without reporting a pid");
      }
      boolean inCgroup = msg[0] == SyncMessage.CHILD_PID_IN_CGROUP.code();
      if ((msg[0] != SyncMessage.CHILD_PID.code() && !inCgroup) || msg[1] <= 0) {
        throw new ShimException("stage0", "sync", null, 0,
            "expected the child's pid, got message type " + msg[0] + " value " + msg[1]);
      }
      childPid = msg[1];
      childBornInCgroup = inCgroup;
      // The first stage exits right after reporting; reap it so no zombie stays behind.
      WaitStatus status = syscalls.waitpid(stage0, 0);
      stage0Reaped = true;
      if (!(status instanceof WaitStatus.Exited exited && exited.code() == 0)) {
        throw failure("the shim's first stage failed after reporting pid " + childPid + ": " + status);
      }
    }

    /**
     * After a failed hand-over: ends and reaps the first stage if it was not reaped yet (only
     * then may its pid be signalled: a reaped pid can belong to someone else), and returns the
     * shim's own logged error, else {@code cause}.
     */
    RuntimeException abandon(int stage0, RuntimeException cause) {
      if (!stage0Reaped) {
        try {
          syscalls.kill(stage0, Syscalls.SIGKILL);
        } catch (RuntimeException ignored) {
          // already exited: waitpid below reaps it
        }
        try {
          syscalls.waitpid(stage0, 0);
        } catch (RuntimeException e) {
          cause.addSuppressed(e);
        }
        stage0Reaped = true;
      }
      if (cause instanceof ShimException) {
        return cause;
      }
      try {
        ShimException logged = ShimLog.firstError(drainLog(System.nanoTime() + Duration.ofSeconds(2).toNanos()));
        return logged != null ? logged : cause;
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
        return cause;
      }
    }

    @Override
    public int childPid() {
      return childPid;
    }

    @Override
    public boolean childBornInCgroup() {
      return childBornInCgroup;
    }

    @Override
    public void proceed(String createContainerState, String startContainerState) {
      byte[] create = createContainerState == null ? new byte[0]
          : createContainerState.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] start = startContainerState == null ? new byte[0]
          : startContainerState.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (create.length + start.length > MAX_STATE_BYTES) {
        throw new IllegalArgumentException("state JSON: " + (create.length + start.length)
            + " bytes, at most " + MAX_STATE_BYTES);
      }
      // plan.h: the header's value is the length of the first state; the second one follows it.
      byte[] header = encode(SyncMessage.GO.code(), create.length);
      byte[] go = java.util.Arrays.copyOf(header, header.length + create.length + start.length);
      System.arraycopy(create, 0, go, header.length, create.length);
      System.arraycopy(start, 0, go, header.length + create.length, start.length);
      int n = syscalls.write(syncFd, go, 0, go.length);
      if (n != go.length) {
        throw new ShimException("init", "sync", null, 0, "short write of go: " + n + " bytes");
      }
    }

    @Override
    public void awaitReady(Duration timeout) {
      int[] msg = receive(timeout, "ready");
      if (msg == null) {
        throw failure("the child ended before it was ready");
      }
      if (msg[0] != SyncMessage.READY.code()) {
        throw new ShimException("init", "sync", null, 0,
            "expected ready, got message type " + msg[0]);
      }
    }

    @Override
    public void awaitExec(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      // The sync socket is close-on-exec in the child: EOF means execve or death.
      while (receive(remaining(deadline), "execve") != null) {
        // a READY not consumed by awaitReady; keep waiting for EOF
      }
      byte[] log = drainLog(deadline);
      ShimException error = ShimLog.firstError(log);
      if (error != null) {
        throw error;
      }
    }

    private static Duration remaining(long deadline) {
      return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** @return {type, value}, or null at EOF */
    private int[] receive(Duration timeout, String what) {
      int revents = syscalls.poll(syncFd, Syscalls.POLLIN, millis(timeout));
      if (revents == 0) {
        throw new ShimException("runtime", "await", null, 0,
            "timed out after " + timeout + " waiting for " + what + " from the shim");
      }
      byte[] buf = new byte[SyncMessage.SIZE];
      int n = syscalls.read(syncFd, buf, buf.length);
      if (n == 0) {
        return null;
      }
      if (n != SyncMessage.SIZE) {
        throw new ShimException("runtime", "sync", null, 0, "short sync message: " + n + " bytes");
      }
      return new int[] {le32(buf, 0), le32(buf, 4)};
    }

    private static int millis(Duration d) {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(0, d.toMillis()));
    }

    /** Reads the log pipe to EOF (every writer gone) or the deadline. */
    private byte[] drainLog(long deadline) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      while (true) {
        int revents = syscalls.poll(logFd, Syscalls.POLLIN, millis(remaining(deadline)));
        if (revents == 0) {
          throw new ShimException("runtime", "await", null, 0,
              "timed out reading the shim's log; read so far: " + out);
        }
        int n = syscalls.read(logFd, buf, buf.length);
        if (n == 0) {
          return out.toByteArray();
        }
        out.write(buf, 0, n);
      }
    }

    /** The shim's own error when it logged one, else {@code what} happened. */
    private ShimException failure(String what) {
      byte[] log = drainLog(System.nanoTime() + Duration.ofSeconds(10).toNanos());
      ShimException error = ShimLog.firstError(log);
      return error != null ? error : new ShimException("unknown", "exit", null, 0, what);
    }

    private static byte[] encode(int type, int value) {
      byte[] b = new byte[SyncMessage.SIZE];
      for (int i = 0; i < 4; i++) {
        b[i] = (byte) (type >>> (8 * i));
        b[4 + i] = (byte) (value >>> (8 * i));
      }
      return b;
    }

    private static int le32(byte[] b, int off) {
      return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16
          | (b[off + 3] & 0xff) << 24;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      RuntimeException first = null;
      for (int fd : new int[] {syncFd, logFd}) {
        try {
          syscalls.close(fd);
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
