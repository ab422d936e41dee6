package io.drydock.runtime.sys;

/**
 * A host-side system call failed. Carries the operation (the syscall's name), the object it
 * acted on (a path, a pid, an fd), the errno and the C library's description of it.
 */
public final class SyscallException extends RuntimeException {
  private final String operation;
  private final String object;
  private final int errno;
  private final String strerror;

  /**
   * @param operation the system call, e.g. {@code "mount"}
   * @param object what it acted on, e.g. a path or {@code "pid 42"}
   * @param errno the errno value
   * @param strerror the description of errno
   */
  public SyscallException(String operation, String object, int errno, String strerror) {
    super(operation + "(" + object + ") failed: " + strerror + " (errno " + errno + ")");
    this.operation = operation;
    this.object = object;
    this.errno = errno;
    this.strerror = strerror;
  }

  /** @return the system call's name */
  public String operation() {
    return operation;
  }

  /** @return the object the call acted on */
  public String object() {
    return object;
  }

  /** @return the errno value */
  public int errno() {
    return errno;
  }

  /** @return the description of {@link #errno()} */
  public String strerror() {
    return strerror;
  }
}
