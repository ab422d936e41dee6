package io.drydock.runtime.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes a process's user-namespace id maps: /proc/PID/uid_map, setgroups, gid_map
 * (user_namespaces(7)). Takes the proc root so unit tests can point it at a directory.
 */
public final class IdMappings {
  private final Path procRoot;

  /** Writes under /proc. */
  public IdMappings() {
    this(Path.of("/proc"));
  }

  /** @param procRoot where the per-pid directories are */
  public IdMappings(Path procRoot) {
    this.procRoot = procRoot;
  }

  /**
   * Writes the maps of {@code pid}'s user namespace. Each map is written once, in a single
   * write(2), as the kernel requires; "deny" goes to setgroups before gid_map, since after
   * gid_map is written it can no longer be changed (user_namespaces(7), "/proc/PID/setgroups").
   *
   * @param denySetgroups write "deny" to setgroups (required before an unprivileged writer's
   *     gid_map; then setgroups(2) is refused in the namespace)
   */
  public void write(int pid, List<IdMapping> uidMappings, List<IdMapping> gidMappings,
      boolean denySetgroups) {
    Path dir = procRoot.resolve(Integer.toString(pid));
    if (!uidMappings.isEmpty()) {
      writeOnce(dir.resolve("uid_map"), format(uidMappings));
    }
    if (denySetgroups) {
      writeOnce(dir.resolve("setgroups"), "deny");
    }
    if (!gidMappings.isEmpty()) {
      writeOnce(dir.resolve("gid_map"), format(gidMappings));
    }
  }

  static String format(List<IdMapping> mappings) {
    if (mappings.size() > 340) { // the kernel's limit since 4.15
      throw new IllegalArgumentException("id mappings: at most 340 lines, got " + mappings.size());
    }
    StringBuilder b = new StringBuilder();
    for (IdMapping m : mappings) {
      b.append(m.containerId()).append(' ').append(m.hostId()).append(' ').append(m.size())
          .append('\n');
    }
    return b.toString();
  }

  private static void writeOnce(Path file, String content) {
    ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      int n = ch.write(bytes);
      if (n != bytes.limit()) {
        throw new IOException("short write: " + n + " of " + bytes.limit() + " bytes");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "writing '" + content.strip().replace('\n', ',') + "' to " + file + ": " + e.getMessage(), e);
    }
  }
}
