package io.drydock.runtime.image;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Packs a directory into a layer tar: the inverse of {@link LayerUnpacker}, for turning a
 * container's upper directory into an image layer (a {@code RUN} step of a build). Overlayfs's
 * markers become the image spec's: a whiteout device (character 0/0) becomes {@code .wh.<name>},
 * a directory with {@code user.overlay.opaque=y} gets a {@code .wh..wh..opq} entry. Entries are
 * sorted, so the same tree gives the same tar; hard links are kept as tar links.
 */
public final class LayerPacker {

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    /** Creates a packer. */
    public LayerPacker() {
    }

    /**
     * Packs {@code dir} (its contents, not itself) as an uncompressed layer into {@code blobs}.
     *
     * @return the layer blob; its digest is also the layer's DiffID
     */
    public Descriptor pack(Path dir, BlobStore blobs) throws IOException {
        Path temp = Files.createTempFile(blobs.root().resolve("ingest"), "layer-", ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                pack(dir, out);
            }
            try (InputStream in = Files.newInputStream(temp)) {
                return blobs.write(MediaTypes.OCI_LAYER_TAR, in);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes {@code dir}'s contents as a tar to {@code out} (not closed).
     *
     * @return the DiffID of what was written
     */
    public Digest pack(Path dir, OutputStream out) throws IOException {
        DigestOutputStream hashed = new DigestOutputStream(new BufferedOutputStream(nonClosing(out), 256 * 1024),
                Digest.newSha256());
        TarArchiveOutputStream tar = new TarArchiveOutputStream(hashed);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
        }
        Map<Object, String> firstNameOfInode = new HashMap<>();
        for (Path path : paths) {
            String name = dir.relativize(path).toString();
            Map<String, Object> attrs = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) attrs.get("mode");
            long rdev = (Long) attrs.get("rdev");
            switch (mode & S_IFMT) {
                case S_IFDIR -> {
                    tar.putArchiveEntry(entry(name + "/", TarArchiveEntry.LF_DIR, attrs));
                    tar.closeArchiveEntry();
                    if (isOpaque(path)) {
                        tar.putArchiveEntry(marker(name + "/.wh..wh..opq", attrs));
                        tar.closeArchiveEntry();
                    }
                }
                case S_IFREG -> {
                    Object inode = attrs.get("fileKey");
                    int links = (Integer) attrs.get("nlink");
                    String first = links > 1 && inode != null ? firstNameOfInode.putIfAbsent(inode, name) : null;
                    if (first != null) {
                        TarArchiveEntry link = entry(name, TarArchiveEntry.LF_LINK, attrs);
                        link.setLinkName(first);
                        tar.putArchiveEntry(link);
                    } else {
                        TarArchiveEntry file = entry(name, TarArchiveEntry.LF_NORMAL, attrs);
                        file.setSize((Long) attrs.get("size"));
                        tar.putArchiveEntry(file);
                        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                            long copied = in.transferTo(tar);
                            if (copied != file.getSize()) {
                                throw new ImageException("pack layer", path.toString(), "changed size while packing");
                            }
                        }
                    }
                    tar.closeArchiveEntry();
                }
                case S_IFLNK -> {
                    TarArchiveEntry link = entry(name, TarArchiveEntry.LF_SYMLINK, attrs);
                    link.setLinkName(Files.readSymbolicLink(path).toString());
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                }
                case S_IFCHR, S_IFBLK -> {
                    if ((mode & S_IFMT) == S_IFCHR && rdev == 0) {
                        Path parent = path.getParent();
                        String whiteout = (parent.equals(dir) ? "" : dir.relativize(parent) + "/")
                                + ".wh." + path.getFileName();
                        tar.putArchiveEntry(marker(whiteout, attrs));
                    } else {
                        TarArchiveEntry device = entry(name, (mode & S_IFMT) == S_IFCHR
                                ? TarArchiveEntry.LF_CHR : TarArchiveEntry.LF_BLK, attrs);
                        // Linux's dev_t encoding (see makedev(3)).
                        device.setDevMajor((int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL)));
                        device.setDevMinor((int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL)));
                        tar.putArchiveEntry(device);
                    }
                    tar.closeArchiveEntry();
                }
                case S_IFIFO -> {
                    tar.putArchiveEntry(entry(name, TarArchiveEntry.LF_FIFO, attrs));
                    tar.closeArchiveEntry();
                }
                default -> {
                    // Sockets are not part of a filesystem image; tar cannot hold them either.
                }
            }
        }
        tar.finish();
        hashed.flush();
        return Digest.fromHash(hashed.getMessageDigest().digest());
    }

    private static boolean isOpaque(Path dir) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null || !view.list().contains(HostSpecialFileWriter.OPAQUE_XATTR)) {
            return false;
        }
        ByteBuffer value = ByteBuffer.allocate(view.size(HostSpecialFileWriter.OPAQUE_XATTR));
        view.read(HostSpecialFileWriter.OPAQUE_XATTR, value);
        return "y".equals(new String(value.array(), 0, value.position(), StandardCharsets.US_ASCII));
    }

    private static TarArchiveEntry entry(String name, byte type, Map<String, Object> attrs) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode((Integer) attrs.get("mode") & 07777);
        e.setUserId((Integer) attrs.get("uid"));
        e.setGroupId((Integer) attrs.get("gid"));
        e.setModTime((FileTime) attrs.get("lastModifiedTime"));
        return e;
    }

    private static TarArchiveEntry marker(String name, Map<String, Object> attrs) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL);
        e.setMode(0);
        e.setModTime((FileTime) attrs.get("lastModifiedTime"));
        return e;
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
