package io.drydock.runtime.process;

/** Checks for paths inside a container, shared by the plan's records. */
final class ContainerPaths {
  private ContainerPaths() {}

  /**
   * Requires an absolute path with no {@code ..} component and no NUL: the shim resolves such
   * paths beneath the rootfs, and a {@code ..} is refused rather than guessed at.
   */
  static String requireContained(String path, String field) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException(field + ": a path is required");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(field + ": must be absolute, got '" + path + "'");
    }
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(field + ": contains a NUL byte: '" + path + "'");
    }
    for (String component : path.split("/")) {
      if (component.equals("..")) {
        throw new IllegalArgumentException(field + ": must not contain '..', got '" + path + "'");
      }
    }
    return path;
  }

  static String requireNoNul(String value, String field) {
    if (value != null && value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(field + ": contains a NUL byte");
    }
    return value;
  }
}
