package io.drydock.runtime.planner;

import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.WaitStatus;
import java.util.List;
import java.util.Objects;

/**
 * The daemon's end of one connection from drydock-runc's front end: what must run in the
 * caller's process tree (spawning the shim, waiting for its descendants, becoming a subreaper)
 * is asked of the front end, one call at a time, each answered by a RESULT.
 */
public final class FrontEnd {
  private final Syscalls sys;
  private final int socketFd;

  /** @param socketFd the accepted connection; the caller closes it */
  public FrontEnd(Syscalls sys, int socketFd) {
    this.sys = Objects.requireNonNull(sys, "sys");
    this.socketFd = socketFd;
  }

  /** The next message from the front end, or null when it closed the connection. */
  public PlannerMessage receive() {
    Syscalls.SocketMessage m = sys.receiveMessage(socketFd, PlannerMessage.MAX_MESSAGE, PlannerMessage.MAX_FDS);
    if (m == null) {
      return null;
    }
    try {
      return PlannerMessage.decode(m.data(), m.fds());
    } catch (PlannerException e) {
      closeAll(m.fds(), e);
      throw e;
    }
  }

  /** Closes fds this process received, attaching any failure to {@code primary}. */
  void closeAll(int[] fds, RuntimeException primary) {
    for (int fd : fds) {
      try {
        sys.close(fd);
      } catch (RuntimeException e) {
        primary.addSuppressed(e);
      }
    }
  }

  /** Sends a message without waiting for an answer. */
  public void send(PlannerMessage m) {
    sys.sendMessage(socketFd, m.encode(), m.fds());
  }

  /**
   * Has the front end fork and exec {@code path}; each mapping's source is one of this process's
   * fds, passed along, and becomes the mapping's target in the new process.
   *
   * @return the new process's pid (a child of the front end)
   * @throws SyscallException with the front end's errno when the fork or exec failed
   */
  public synchronized int spawn(String path, List<String> argv, List<String> envp, List<Syscalls.FdMapping> mappings) {
    PlannerMessage.Writer w = new PlannerMessage.Writer().putString(path).putStrings(argv).putStrings(envp)
        .putInt(mappings.size());
    int[] fds = new int[mappings.size()];
    for (int i = 0; i < fds.length; i++) {
      fds[i] = mappings.get(i).source();
      w.putInt(mappings.get(i).target());
    }
    int[] result = call(new PlannerMessage(PlannerTag.SPAWN, w.toBytes(), fds), "spawn", path);
    return result[0];
  }

  /** waitpid(2) in the front end, for one of its descendants. */
  public synchronized WaitStatus waitpid(int pid, int flags) {
    int[] r = call(new PlannerMessage(PlannerTag.WAIT, new PlannerMessage.Writer().putInt(pid).putInt(flags).toBytes(),
        null), "waitpid", "pid " + pid);
    return r[0] == 0 ? new WaitStatus.NoChange() : WaitStatus.decode(r[0], r[1]);
  }

  /** prctl(PR_SET_CHILD_SUBREAPER) in the front end. */
  public synchronized void setChildSubreaper() {
    call(new PlannerMessage(PlannerTag.SUBREAPER, new byte[0], null), "prctl", "PR_SET_CHILD_SUBREAPER");
  }

  /** Ends the call: the front end exits with {@code code}. */
  public synchronized void exit(int code) {
    send(new PlannerMessage(PlannerTag.EXIT, new PlannerMessage.Writer().putInt(code).toBytes(), null));
  }

  /** The front end runs the command in its own JVM instead. */
  public synchronized void fallback(String reason) {
    send(new PlannerMessage(PlannerTag.FALLBACK, new PlannerMessage.Writer().putString(reason).toBytes(), null));
  }

  /** @return {result, status} */
  private int[] call(PlannerMessage request, String op, String object) {
    send(request);
    PlannerMessage answer = receive();
    if (answer == null) {
      throw new PlannerException("drydock-runc's front end went away during " + op + " of " + object);
    }
    if (answer.tag() != PlannerTag.RESULT) {
      throw new PlannerException("expected a RESULT for " + request.tag() + ", got " + answer.tag());
    }
    PlannerMessage.Reader r = answer.reader();
    int result = r.getInt();
    int status = r.getInt();
    r.end();
    if (result < 0) {
      throw new SyscallException(op, object, -result, "errno " + -result + " in drydock-runc's front end");
    }
    return new int[] {result, status};
  }
}
