package io.drydock.runtime.process;

import java.util.List;

/**
 * The caller's fds the shim's process gets: {@code stdin}, {@code stdout}, {@code stderr} are
 * dup'ed to 0, 1, 2, and {@code preservedFds} to 3, 4, ... in order (like runc --preserve-fds).
 * The caller keeps ownership of every fd here and closes them itself.
 */
public record Stdio(int stdin, int stdout, int stderr, List<Integer> preservedFds) {
  public Stdio {
    if (stdin < 0 || stdout < 0 || stderr < 0) {
      throw new IllegalArgumentException(
          "stdio: fds must be >= 0, got " + stdin + "/" + stdout + "/" + stderr);
    }
    preservedFds = preservedFds == null ? List.of() : List.copyOf(preservedFds);
    if (preservedFds.size() > 64) {
      throw new IllegalArgumentException("stdio.preservedFds: at most 64, got " + preservedFds.size());
    }
  }

  /** @return stdio with no preserved fds */
  public static Stdio of(int stdin, int stdout, int stderr) {
    return new Stdio(stdin, stdout, stderr, List.of());
  }
}
