package io.drydock.runtime.process;

import io.drydock.runtime.sys.Syscalls;
import java.util.Objects;

/**
 * Starts the init shim (from its sealed memfd, {@link ShimBinary}) with posix_spawn(3), handing
 * it exactly: the caller's stdio on 0/1/2, the preserved fds on 3.., then the plan (a memfd), the
 * log pipe and the sync socket. Returns once the shim's first stage reported the child's pid.
 */
public final class ShimLauncher {
  private final Syscalls syscalls;

  /** @param syscalls host system calls */
  public ShimLauncher(Syscalls syscalls) {
    this.syscalls = Objects.requireNonNull(syscalls, "syscalls");
  }

  /**
   * Spawns the shim for {@code plan}.
   *
   * @throws ShimException when the shim's first stage fails (e.g. a setns or clone refused)
   */
  public ShimProcess launch(InitPlan plan, Stdio stdio) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(stdio, "stdio");
    throw new UnsupportedOperationException("not implemented yet " + syscalls);
  }
}
