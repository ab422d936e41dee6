package io.drydock.runtime.image;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One overlayfs mount: read-only lower directories, a writable upper directory and its work
 * directory, merged at a target. {@link #data()} is the mount(2) data string.
 *
 * <p>The mount uses {@code userxattr}: overlayfs then keeps its metadata (opaque directories) in
 * {@code user.overlay.*} xattrs, which is what {@link HostSpecialFileWriter} writes into unpacked
 * layers, and what this overlay writes into the upper directory.
 *
 * @param lowerDirs lower directories, <em>top layer first</em> (overlayfs's order)
 * @param upperDir  the writable layer
 * @param workDir   overlayfs's scratch directory, on the same filesystem as {@code upperDir}
 * @param target    where the merged tree appears
 */
public record OverlayMount(List<Path> lowerDirs, Path upperDir, Path workDir, Path target) {

    /** The kernel copies mount data into one page, NUL included. */
    public static final int MAX_DATA_BYTES = 4095;
    /** overlayfs's limit on lower layers (OVL_MAX_STACK). */
    public static final int MAX_LOWER_DIRS = 500;

    /** Validates paths and the length of the mount data. */
    public OverlayMount {
        lowerDirs = List.copyOf(lowerDirs);
        Objects.requireNonNull(upperDir, "upperDir");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(target, "target");
        if (lowerDirs.isEmpty()) {
            throw new IllegalArgumentException("overlay mount at " + target + ": needs at least one lower directory");
        }
        if (lowerDirs.size() > MAX_LOWER_DIRS) {
            throw new IllegalArgumentException("overlay mount at " + target + ": " + lowerDirs.size()
                    + " lower directories, overlayfs stacks at most " + MAX_LOWER_DIRS);
        }
        for (Path p : lowerDirs) {
            checkPath(p, "lowerdir", target);
        }
        checkPath(upperDir, "upperdir", target);
        checkPath(workDir, "workdir", target);
        checkPath(target, "target", target);
        int length = data(lowerDirs, upperDir, workDir).getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("overlay mount at " + target + ": mount data is " + length
                    + " bytes, the kernel takes at most " + MAX_DATA_BYTES + " (" + lowerDirs.size()
                    + " lower directories; shorten the store root)");
        }
    }

    private static void checkPath(Path p, String field, Path target) {
        Objects.requireNonNull(p, field);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("overlay mount at " + target + ": " + field + " '" + p + "' is not absolute");
        }
        String s = p.toString();
        // ',' separates options and ':' lower directories; overlayfs's escaping is not worth the risk.
        if (s.indexOf(',') >= 0 || s.indexOf(':') >= 0 || s.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("overlay mount at " + target + ": " + field + " '" + p
                    + "' contains ',', ':' or '\\'");
        }
    }

    private static String data(List<Path> lowers, Path upper, Path work) {
        StringBuilder b = new StringBuilder("lowerdir=");
        for (int i = 0; i < lowers.size(); i++) {
            b.append(i == 0 ? "" : ":").append(lowers.get(i));
        }
        return b.append(",upperdir=").append(upper).append(",workdir=").append(work).append(",userxattr").toString();
    }

    /** The mount(2) data: {@code lowerdir=...,upperdir=...,workdir=...,userxattr}. */
    public String data() {
        return data(lowerDirs, upperDir, workDir);
    }
}
