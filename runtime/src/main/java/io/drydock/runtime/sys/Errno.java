package io.drydock.runtime.sys;

/** The errno values (Linux, asm-generic/errno-base.h) callers of {@link Syscalls} test for. */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int EBADF = 9;
  public static final int ECHILD = 10;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int EPIPE = 32;
  public static final int ENOSYS = 38;
  public static final int ELOOP = 40;
  public static final int EXDEV = 18;

  private Errno() {}
}
