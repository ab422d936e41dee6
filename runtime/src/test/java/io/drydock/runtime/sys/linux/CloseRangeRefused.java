package io.drydock.runtime.sys.linux;

import java.util.concurrent.Callable;

/**
 * Runs code on a thread whose seccomp filter fails close_range(2) with ENOSYS, as a kernel older
 * than 5.9 does, or a filter the runtime itself runs under. A filter is per thread and inherited
 * by the processes that thread spawns (seccomp(2)), so a shim started there meets it too. The
 * filter is made with the host's libseccomp (libseccomp-dev, which the shim's build needs).
 */
public final class CloseRangeRefused {
  private CloseRangeRefused() {}

  /** Calls {@code body} on a new thread that has the filter, and returns what it returned. */
  public static <T> T call(Callable<T> body) throws Exception {
    return SyscallRefused.call("close_range", body);
  }
}
