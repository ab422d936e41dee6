package io.drydock.runtime.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Test fixture: builds layer tars entry by entry, including hostile ones. */
final class LayerTar {
    static final FileTime MTIME = FileTime.from(Instant.parse("2020-02-02T02:02:02Z"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    LayerTar() {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    private static TarArchiveEntry entry(String name, byte type) {
        // preserveAbsolutePath keeps hostile names exactly as given.
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setModTime(MTIME);
        e.setUserId(0);
        e.setGroupId(0);
        return e;
    }

    LayerTar dir(String name, int mode) {
        TarArchiveEntry e = entry(name.endsWith("/") ? name : name + "/", TarArchiveEntry.LF_DIR);
        e.setMode(mode);
        return put(e, null);
    }

    LayerTar file(String name, String content) {
        return file(name, content, 0644);
    }

    LayerTar file(String name, String content, int mode) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_NORMAL);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        e.setMode(mode);
        return put(e, data);
    }

    LayerTar owned(String name, String content, int uid, int gid) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_NORMAL);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        e.setMode(0640);
        e.setUserId(uid);
        e.setGroupId(gid);
        return put(e, data);
    }

    LayerTar symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0777);
        return put(e, null);
    }

    LayerTar hardlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_LINK);
        e.setLinkName(target);
        return put(e, null);
    }

    LayerTar charDevice(String name, int major, int minor) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_CHR);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(0666);
        return put(e, null);
    }

    LayerTar fifo(String name) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_FIFO);
        e.setMode(0600);
        return put(e, null);
    }

    private LayerTar put(TarArchiveEntry e, byte[] data) {
        try {
            tar.putArchiveEntry(e);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    byte[] tar() {
        try {
            tar.finish();
            tar.close();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] gzip(byte[] tar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(tar);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
