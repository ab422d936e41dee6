package io.drydock.runtime.sys.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code on a thread whose seccomp filter fails one system call with ENOSYS, as a kernel that
 * predates it does, or a filter the runtime itself runs under. A filter is per thread and
 * inherited by the processes that thread spawns (seccomp(2)), so a shim started there meets it
 * too. The filter is made with the host's libseccomp (libseccomp-dev, which the shim's build needs).
 */
public final class SyscallRefused {
  private static final int SCMP_ACT_ALLOW = 0x7fff0000;
  private static final int SCMP_ACT_ERRNO = 0x00050000;
  private static final int ENOSYS = 38;

  /** The part of libseccomp's API (seccomp.h) this needs. */
  interface LibSeccomp extends Library {
    Pointer seccomp_init(int defAction);

    int seccomp_syscall_resolve_name(String name);

    int seccomp_rule_add_array(Pointer ctx, int action, int syscall, int argCount, Pointer args);

    int seccomp_load(Pointer ctx);

    void seccomp_release(Pointer ctx);
  }

  private SyscallRefused() {}

  /** Calls {@code body} on a new thread whose filter refuses {@code syscall}, and returns what it returned. */
  public static <T> T call(String syscall, Callable<T> body) throws Exception {
    LibSeccomp lib = Native.load("seccomp", LibSeccomp.class);
    FutureTask<T> task = new FutureTask<>(() -> {
      Pointer ctx = lib.seccomp_init(SCMP_ACT_ALLOW);
      if (ctx == null) {
        throw new IllegalStateException("seccomp_init failed");
      }
      try {
        int nr = lib.seccomp_syscall_resolve_name(syscall);
        int rc = lib.seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO | ENOSYS, nr, 0, null);
        if (rc < 0) {
          throw new IllegalStateException("seccomp_rule_add " + syscall + ": errno " + -rc);
        }
        // Also sets no_new_privs on this thread (libseccomp's default), which the shim does not mind.
        rc = lib.seccomp_load(ctx);
        if (rc < 0) {
          throw new IllegalStateException("seccomp_load: errno " + -rc);
        }
      } finally {
        lib.seccomp_release(ctx);
      }
      return body.call();
    });
    Thread t = new Thread(task, syscall + "-refused");
    t.start();
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
