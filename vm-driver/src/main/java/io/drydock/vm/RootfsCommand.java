package io.drydock.vm;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds a workload's command inside a root filesystem on the host, as the guest's execvp will:
 * a name with a slash as a path, else each PATH entry; symlinks resolve inside the rootfs. Lets
 * drydock refuse an image without a runnable command before anything is defined in libvirt.
 */
public final class RootfsCommand {
    private RootfsCommand() {}

    /** The command's resolved host path, or empty when the guest could not execute it. */
    public static Optional<Path> resolve(Path rootfs, String command, List<String> env) {
        if (command.contains("/")) {
            return executable(rootfs, command);
        }
        String path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        for (String e : env) {
            if (e.startsWith("PATH=")) {
                path = e.substring(5);
            }
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Optional<Path> p = executable(rootfs, dir + "/" + command);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path rootfs, String guestPath) {
        Path p = inside(rootfs, guestPath, 0);
        return p != null && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** Resolves a guest path component by component, following symlinks as the guest would (40 at most). */
    private static Path inside(Path rootfs, String guestPath, int depth) {
        if (depth > 40) {
            return null;
        }
        Path cur = rootfs;
        String[] parts = guestPath.split("/");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                cur = cur.equals(rootfs) ? rootfs : cur.getParent();
                continue;
            }
            Path next = cur.resolve(part);
            if (Files.isSymbolicLink(next)) {
                try {
                    String target = Files.readSymbolicLink(next).toString();
                    String base = target.startsWith("/") ? "" : "/" + rootfs.relativize(cur);
                    StringBuilder rest = new StringBuilder(base + "/" + target);
                    for (int j = i + 1; j < parts.length; j++) {
                        rest.append('/').append(parts[j]);
                    }
                    return inside(rootfs, rest.toString(), depth + 1);
                } catch (java.io.IOException e) {
                    return null;
                }
            }
            cur = next;
        }
        return cur;
    }
}
