package io.drydock.runtime.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * No mount destination or device node path reaches outside the rootfs through a symlink inside it.
 *
 * <p>Mounts and device nodes are made before {@code pivot_root}, so the kernel resolves a destination from the
 * host's root: an absolute symlink target is a <em>host</em> path and {@code ..} can climb out of
 * the rootfs. This check walks the destination component by component under the rootfs, following
 * each symlink as the kernel would, and rejects:
 * <ul>
 *   <li>a relative target whose {@code ..} climbs above the rootfs (e.g. {@code ../../etc});
 *   <li>an absolute target that, read as a host path, is not under the rootfs (e.g. {@code /etc}).
 *       This also rejects links that are harmless once inside the container, such as Debian's
 *       {@code /var/run -> /run}: we cannot tell them from an attack, and a config can always name
 *       the resolved destination ({@code /run/...}) instead;
 *   <li>more than 40 symlinks (the kernel's own limit, path_resolution(7)).
 * </ul>
 * An absolute target under the rootfs is followed from there. A component that does not exist
 * ends the walk: the runtime creates the rest as plain directories.
 *
 * <p>This is a check at validation time. The rootfs could change before the mount is made (a
 * bind-mounted volume shared with another container), so the code that mounts must still resolve
 * the destination inside the rootfs ({@code openat2(RESOLVE_IN_ROOT)} or an O_PATH walk) rather
 * than trust this result.
 */
final class MountSymlinkCheck implements SpecCheck {
    static final int MAX_SYMLINKS = 40;

    @Override
    public boolean readsFileSystem() {
        return true;
    }

    @Override
    public String name() {
        return "symlinkEscape";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        List<LinuxDevice> devices = spec.linux() == null ? List.of() : spec.linux().devices();
        if (spec.root() == null || spec.root().path() == null || spec.root().path().isEmpty()
                || (spec.mounts().isEmpty() && devices.isEmpty())) {
            return f.list();
        }
        Path rootfs = spec.root().resolve(bundle);
        if (!Files.isDirectory(rootfs)) {
            return f.list(); // RootCheck reports it
        }
        Path root;
        try {
            root = rootfs.toRealPath();
        } catch (IOException e) {
            f.add("root.path", "cannot resolve rootfs " + rootfs + ": " + e.getMessage());
            return f.list();
        }
        // Destinations share prefixes (/dev, /dev/pts, /dev/shm, /sys, /sys/fs/cgroup): each
        // plain entry found on the way is looked at once per check.
        Set<Path> plain = new HashSet<>();
        for (int i = 0; i < spec.mounts().size(); i++) {
            check(f, root, spec.mounts().get(i).destination(), "mounts[" + i + "].destination", plain);
        }
        for (int i = 0; i < devices.size(); i++) {
            check(f, root, devices.get(i).path(), "linux.devices[" + i + "].path", plain);
        }
        return f.list();
    }

    private static void check(Findings f, Path root, String path, String field, Set<Path> plain) {
        if (path == null || !path.startsWith("/") || Findings.hasDotDot(path)) {
            return; // MountCheck reports it
        }
        try {
            escape(root, path, plain).ifPresent(why -> f.add(field, "'" + path + "' " + why));
        } catch (IOException e) {
            f.add(field, "cannot inspect '" + path + "' under the rootfs: " + e);
        }
    }

    /**
     * Why {@code destination} resolves outside {@code root}, or empty if it stays inside.
     *
     * @param root the rootfs, a real path (no symlinks in it)
     */
    static Optional<String> escape(Path root, String destination) throws IOException {
        return escape(root, destination, new HashSet<>());
    }

    /**
     * As {@link #escape(Path, String)}, trusting {@code plain}: entries already seen to exist and
     * not be symlinks (this walk adds the ones it finds).
     */
    static Optional<String> escape(Path root, String destination, Set<Path> plain) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        pushFront(pending, destination);
        Path current = root; // always a real directory under root: lexical ".." is the physical parent
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (name.equals("..")) {
                if (current.equals(root)) {
                    return Optional.of("climbs above the rootfs through a symlink's '..'");
                }
                current = current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            if (plain.contains(next)) {
                current = next;
                continue;
            }
            // exists() answers a missing entry without an exception (most destinations under
            // /dev and /sys are made by the runtime, so missing is common).
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (!Files.isSymbolicLink(next)) {
                plain.add(next);
                current = next;
                continue;
            }
            if (++links > MAX_SYMLINKS) {
                return Optional.of("passes through more than " + MAX_SYMLINKS + " symlinks");
            }
            Path target = Files.readSymbolicLink(next);
            String link = "/" + root.relativize(next);
            if (target.isAbsolute()) {
                // Compared without normalising: any ".." left in the rest is walked step by step.
                if (!target.startsWith(root)) {
                    return Optional.of("passes through symlink " + link + " -> " + target
                        + ", an absolute target outside the rootfs (mounts are made before pivot_root,"
                        + " so the kernel would follow it on the host)");
                }
                current = root;
                pushFront(pending, root.relativize(target).toString());
            } else {
                pushFront(pending, target.toString()); // relative to the link's directory, i.e. current
            }
        }
        return Optional.empty();
    }

    private static void pushFront(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && !parts[i].equals(".")) {
                pending.addFirst(parts[i]);
            }
        }
    }
}
