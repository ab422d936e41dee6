package io.drydock.runtime.image.build;

import io.drydock.runtime.image.ImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a container root filesystem seen from the host: symlinks are followed as the
 * container would see them (an absolute target starts again at the rootfs, {@code ..} stops at its
 * root), so no path of an image or a Containerfile reaches outside the rootfs.
 */
final class RootfsPaths {

    private static final int MAX_LINKS = 40;

    private RootfsPaths() {
    }

    /** The host path of {@code containerPath} (absolute) in {@code rootfs}, all symlinks resolved. */
    static Path resolve(Path rootfs, String containerPath) throws IOException {
        Deque<String> pending = new ArrayDeque<>(List.of(containerPath.split("/")));
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                resolved.pollLast();
                continue;
            }
            Path candidate = join(rootfs, resolved).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new ImageException("resolve path", containerPath, "too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                String[] targetParts = target.split("/");
                for (int i = targetParts.length - 1; i >= 0; i--) {
                    pending.addFirst(targetParts[i]);
                }
                continue;
            }
            resolved.addLast(part);
        }
        return join(rootfs, resolved);
    }

    private static Path join(Path rootfs, Deque<String> parts) {
        Path p = rootfs;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }

    /** Creates {@code containerPath} and its missing parents as root-owned 0755 directories. */
    static Path createDirectories(Path rootfs, String containerPath) throws IOException {
        Path current = rootfs;
        StringBuilder sofar = new StringBuilder();
        for (String part : containerPath.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            sofar.append('/').append(part);
            current = resolve(rootfs, sofar.toString());
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
                Files.setAttribute(current, "unix:mode", 0755);
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new ImageException("create directory", containerPath, sofar + " exists and is not a directory");
            }
        }
        return current;
    }

    /** A uid and gid. */
    record Owner(int uid, int gid) {
    }

    /**
     * Resolves {@code user[:group]} (names or numbers) with the rootfs's {@code /etc/passwd} and
     * {@code /etc/group}; a user without a group takes its passwd group, or 0 for an unknown uid.
     */
    static Owner owner(Path rootfs, String spec) throws IOException {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        List<String[]> passwd = table(rootfs, "/etc/passwd");
        int uid;
        int gid = 0;
        if (user.matches("[0-9]+")) {
            uid = Integer.parseInt(user);
            for (String[] e : passwd) {
                if (e.length > 3 && e[2].equals(user)) {
                    gid = parse(e[3], spec);
                    break;
                }
            }
        } else {
            String[] entry = passwd.stream().filter(e -> e.length > 3 && e[0].equals(user)).findFirst()
                    .orElseThrow(() -> new ImageException("resolve user", spec, "no user '" + user
                            + "' in the image's /etc/passwd"));
            uid = parse(entry[2], spec);
            gid = parse(entry[3], spec);
        }
        if (group != null && !group.isEmpty()) {
            if (group.matches("[0-9]+")) {
                gid = Integer.parseInt(group);
            } else {
                String[] entry = table(rootfs, "/etc/group").stream().filter(e -> e.length > 2 && e[0].equals(group))
                        .findFirst().orElseThrow(() -> new ImageException("resolve group", spec, "no group '" + group
                                + "' in the image's /etc/group"));
                gid = parse(entry[2], spec);
            }
        }
        return new Owner(uid, gid);
    }

    private static int parse(String number, String spec) throws ImageException {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new ImageException("resolve user", spec, "bad id '" + number + "' in the image's user database");
        }
    }

    private static List<String[]> table(Path rootfs, String file) throws IOException {
        Path p = resolve(rootfs, file);
        if (!Files.isRegularFile(p)) {
            return List.of();
        }
        return Files.readAllLines(p).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split(":", -1)).toList();
    }
}
