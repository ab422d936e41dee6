package io.drydock.runtime.process;

import java.time.Duration;

/**
 * A launched init shim, seen from Java. The shim's first stage has already reported the child's
 * host pid and exited. Typical CREATE use: write id maps, put {@link #childPid()} in its cgroup,
 * {@link #proceed()}, {@link #awaitReady(Duration)}; later {@code start} reads the exec fifo and
 * {@link #awaitExec(Duration)} confirms the execve. EXEC use: add the pid to the cgroup,
 * {@link #proceed()}, {@link #awaitExec(Duration)}, then waitpid(2) it (the caller is a
 * subreaper).
 */
public interface ShimProcess extends AutoCloseable {

  /** @return the host pid of the child that becomes the container process */
  int childPid();

  /**
   * @return whether the shim cloned the child straight into the plan's {@link
   *     InitPlan#cgroupDir()} (clone3 with CLONE_INTO_CGROUP); false when the plan named none or
   *     the kernel lacks it, and the caller must attach the child itself
   */
  boolean childBornInCgroup();

  /** Sends "go": the child may set itself up (after the id maps and cgroup are written). */
  default void proceed() {
    proceed(null, null);
  }

  /**
   * Sends "go" with the OCI state JSONs the plan's hooks read on stdin (the pid is known only
   * now, so they cannot be in the plan).
   *
   * @param createContainerState the state for the createContainer hooks (status "creating"), or
   *     null when there are none
   * @param startContainerState the state for the startContainer hooks (status "created"), or
   *     null when there are none
   */
  void proceed(String createContainerState, String startContainerState);

  /**
   * Waits until the child is set up and blocked on the exec fifo (CREATE).
   *
   * @throws ShimException with the shim's error when the child failed instead
   */
  void awaitReady(Duration timeout);

  /**
   * Waits until the child has execve'd the process (its sync socket and log pipe close on exec).
   *
   * @throws ShimException with the shim's error when the child failed instead
   */
  void awaitExec(Duration timeout);

  /** Closes Java's ends of the sync socket and the log pipe; never kills the child. */
  @Override
  void close();
}
