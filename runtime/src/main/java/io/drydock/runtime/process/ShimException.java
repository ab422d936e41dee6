package io.drydock.runtime.process;

/**
 * The init shim failed. Built from the JSON error line the shim wrote to its log fd: the stage
 * ("stage0", "init", "exec"), the operation (e.g. "mount"), the object it acted on (a path), the
 * errno (0 when none) and the shim's message. When the shim died without a log line, the
 * operation says what Java saw (e.g. "exit") and the message the wait status.
 */
public final class ShimException extends RuntimeException {

  /**
   * The first error the shim wrote to an error log file (see
   * {@link ShimLauncher#launch(InitPlan, Stdio, int)}).
   *
   * @return the error, or empty when the file has none or does not exist
   * @throws java.io.UncheckedIOException when the file exists but cannot be read
   */
  public static java.util.Optional<ShimException> fromErrorLog(java.nio.file.Path file) {
    try {
      return java.util.Optional.ofNullable(ShimLog.firstError(java.nio.file.Files.readAllBytes(file)));
    } catch (java.nio.file.NoSuchFileException e) {
      return java.util.Optional.empty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading the shim's error log " + file, e);
    }
  }

  private final String stage;
  private final String operation;
  private final String path;
  private final int errno;

  public ShimException(String stage, String operation, String path, int errno, String message) {
    super(format(stage, operation, path, errno, message));
    this.stage = stage;
    this.operation = operation;
    this.path = path;
    this.errno = errno;
  }

  private static String format(String stage, String op, String path, int errno, String msg) {
    StringBuilder b = new StringBuilder("init shim ").append(stage).append(": ").append(op);
    if (path != null && !path.isEmpty()) {
      b.append(" '").append(path).append('\'');
    }
    b.append(": ").append(msg);
    if (errno != 0) {
      b.append(" (errno ").append(errno).append(')');
    }
    return b.toString();
  }

  /** @return the shim stage that failed */
  public String stage() {
    return stage;
  }

  /** @return the operation that failed */
  public String operation() {
    return operation;
  }

  /** @return the path or object the operation acted on, or null */
  public String path() {
    return path;
  }

  /** @return the errno, 0 when none */
  public int errno() {
    return errno;
  }
}
