package io.drydock.runtime.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a reproducible tar (fixed times, root ownership, fixed modes) to a temporary file that
 * replaces the target only when {@link #commit()} is called, so a failed export leaves no partial
 * archive.
 */
final class ArchiveWriter implements AutoCloseable {

    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final Path target;
    private final Path temp;
    private final TarArchiveOutputStream tar;
    private boolean committed;

    ArchiveWriter(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        this.temp = this.target.resolveSibling("." + this.target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024);
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    void directory(String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        stamp(e, 0755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    void file(String name, byte[] content) throws IOException {
        file(name, content.length, new java.io.ByteArrayInputStream(content));
    }

    void file(String name, long size, InputStream content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        stamp(e, 0644);
        e.setSize(size);
        tar.putArchiveEntry(e);
        long copied = content.transferTo(tar);
        if (copied != size) {
            throw new ImageException("write archive", target + ":" + name, "expected " + size + " bytes, got " + copied);
        }
        tar.closeArchiveEntry();
    }

    private static void stamp(TarArchiveEntry e, int mode) {
        e.setModTime(EPOCH);
        e.setMode(mode);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
    }

    /** Finishes the tar and moves it into place. */
    void commit() throws IOException {
        tar.finish();
        tar.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                tar.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
