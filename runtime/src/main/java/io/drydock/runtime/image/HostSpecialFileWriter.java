package io.drydock.runtime.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link SpecialFileWriter} for a real host. Device nodes and FIFOs are made by {@code mknod(1)}
 * (coreutils), since Java has no mknod(2); once the runtime's {@code Syscalls} offers mknod this
 * class can call that instead. Opaque markers are the xattr {@code user.overlay.opaque=y}, which Java
 * writes through {@link UserDefinedFileAttributeView}; overlays over such layers are therefore
 * mounted with {@code userxattr} (see {@link OverlayMount}), the kernel's format for unprivileged
 * overlays, which works for root as well.
 */
public final class HostSpecialFileWriter implements SpecialFileWriter {

    /** The xattr name overlayfs reads with {@code userxattr}, minus Java's implicit "user." prefix. */
    static final String OPAQUE_XATTR = "overlay.opaque";

    private final Path mknod;

    /** Uses {@code /usr/bin/mknod}. */
    public HostSpecialFileWriter() {
        this(Path.of("/usr/bin/mknod"));
    }

    /** Uses the given mknod(1) binary. */
    public HostSpecialFileWriter(Path mknod) {
        this.mknod = mknod;
    }

    @Override
    public void characterDevice(Path path, int major, int minor) throws IOException {
        run(path, "c", Integer.toString(major), Integer.toString(minor));
    }

    @Override
    public void blockDevice(Path path, int major, int minor) throws IOException {
        run(path, "b", Integer.toString(major), Integer.toString(minor));
    }

    @Override
    public void fifo(Path path) throws IOException {
        run(path, "p");
    }

    @Override
    public void markOpaque(Path dir) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class);
        if (view == null) {
            throw new ImageException("mark opaque", dir.toString(), "the filesystem has no user xattrs");
        }
        view.write(OPAQUE_XATTR, ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
    }

    private void run(Path path, String... typeAndNumbers) throws IOException {
        List<String> command = new ArrayList<>(List.of(mknod.toString(), "-m", "0600", "--", path.toString()));
        command.addAll(List.of(typeAndNumbers));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ImageException("mknod", path.toString(), "mknod(1) did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImageException("mknod", path.toString(), "interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new ImageException("mknod", path.toString(), "mknod(1) exited " + process.exitValue() + ": " + output);
        }
    }
}
