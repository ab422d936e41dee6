package io.drydock.runtime.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Creates the files Java's standard library cannot: device nodes, FIFOs, overlayfs whiteouts and
 * opaque-directory markers. {@link LayerUnpacker} calls it; {@link HostSpecialFileWriter} is the
 * implementation for a real host, a test may record calls instead.
 *
 * <p>The overlay markers are in overlayfs's own on-disk format, so an unpacked layer directory can be
 * a {@code lowerdir} as it is: a whiteout is a character device 0/0, an opaque directory carries the
 * xattr {@code <prefix>overlay.opaque=y} where the prefix matches how {@link OverlayMount} mounts.
 */
public interface SpecialFileWriter {

    /** Creates a character device node (mknod(2) {@code S_IFCHR}); the caller sets mode and owner. */
    void characterDevice(Path path, int major, int minor) throws IOException;

    /** Creates a block device node (mknod(2) {@code S_IFBLK}). */
    void blockDevice(Path path, int major, int minor) throws IOException;

    /** Creates a FIFO (mkfifo(3)). */
    void fifo(Path path) throws IOException;

    /** Creates an overlayfs whiteout at {@code path}, hiding that name in the layers below. */
    default void whiteout(Path path) throws IOException {
        characterDevice(path, 0, 0);
    }

    /** Marks {@code dir} opaque for overlayfs: the layers below contribute nothing to it. */
    void markOpaque(Path dir) throws IOException;
}
