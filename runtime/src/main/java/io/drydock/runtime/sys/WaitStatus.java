package io.drydock.runtime.sys;

/** A decoded status from waitpid(2) (see the WIFEXITED family of macros in wait(2)). */
public sealed interface WaitStatus {

  /** The process exited normally with {@code code} (WEXITSTATUS). */
  record Exited(int pid, int code) implements WaitStatus {}

  /** The process was killed by {@code signal} (WTERMSIG); {@code coreDumped} is WCOREDUMP. */
  record Signaled(int pid, int signal, boolean coreDumped) implements WaitStatus {}

  /** The process was stopped by {@code signal} (only with WUNTRACED). */
  record Stopped(int pid, int signal) implements WaitStatus {}

  /** The process was resumed by SIGCONT (only with WCONTINUED). */
  record Continued(int pid) implements WaitStatus {}

  /** With WNOHANG: the process exists and has not changed state yet (waitpid returned 0). */
  record NoChange() implements WaitStatus {}

  /** waitpid(2) flag: return at once if no child changed state. */
  int WNOHANG = 1;
  /** waitpid(2) flag: also report stopped children. */
  int WUNTRACED = 2;
  /** waitpid(2) flag: also report children resumed by SIGCONT. */
  int WCONTINUED = 8;
  /** waitpid(2) flag: wait for any child, clone or not. */
  int WALL = 0x40000000;

  /**
   * Decodes a raw status word as the macros of sys/wait.h do.
   *
   * @param pid the pid waitpid returned
   * @param status the status word it filled in
   * @return the decoded status
   */
  static WaitStatus decode(int pid, int status) {
    int termsig = status & 0x7f;
    if (termsig == 0) {
      return new Exited(pid, (status >> 8) & 0xff);
    }
    if ((status & 0xff) == 0x7f) {
      return new Stopped(pid, (status >> 8) & 0xff);
    }
    if (status == 0xffff) {
      return new Continued(pid);
    }
    return new Signaled(pid, termsig, (status & 0x80) != 0);
  }
}
