package io.drydock.runtime.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks one image layer (a tar, plain or gzip-compressed) into an empty directory, converting the
 * layer's whiteouts into overlayfs's format so the directory can serve as a {@code lowerdir}:
 * {@code .wh.<name>} becomes a whiteout device at {@code <name>}, {@code .wh..wh..opq} marks its
 * directory opaque (both through the {@link SpecialFileWriter}).
 *
 * <p>Regular files, directories, symlinks, hard links, FIFOs and device nodes are reproduced with
 * their mode (including setuid/setgid/sticky), modification time, {@code user.*} xattrs and, when
 * ownership is preserved, uid and gid.
 *
 * <p>Nothing is ever written outside the target directory. An entry is refused with
 * {@link UnsafeLayerEntryException} when its name is absolute or has a {@code ..} component, when
 * its path passes through a symlink (even one pointing inside the layer: refusing is simpler to
 * get right than resolving in-root, and image builders do not write such entries), or when it is
 * a hard link whose target is outside, missing or a directory. The caller unpacks into a fresh
 * directory and discards it on failure ({@link LayerStore} does).
 */
public final class LayerUnpacker {

    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq";
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";

    private final SpecialFileWriter special;
    private final boolean preserveOwnership;

    /**
     * @param special           makes device nodes, FIFOs and the overlay markers
     * @param preserveOwnership whether to chown entries to their uid/gid (needs root; off for tests
     *                          and rootless use, where everything belongs to the caller)
     */
    public LayerUnpacker(SpecialFileWriter special, boolean preserveOwnership) {
        this.special = Objects.requireNonNull(special, "special");
        this.preserveOwnership = preserveOwnership;
    }

    /** The unpacker for this host: {@link HostSpecialFileWriter}, ownership kept when running as root. */
    public static LayerUnpacker forHost() {
        return new LayerUnpacker(new HostSpecialFileWriter(), runningAsRoot());
    }

    /** Whether this process's effective uid is 0 (the owner of its /proc/self). */
    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Unpacks the layer read from {@code layer} (read to its end, not closed) into {@code target},
     * which must be an existing empty directory.
     *
     * @return the layer's DiffID and what could not be reproduced
     * @throws UnsafeLayerEntryException naming the first hostile or malformed entry
     * @throws ImageException            if the stream is neither tar nor gzip, or zstd
     */
    public UnpackResult unpack(InputStream layer, Path target) throws IOException {
        try (var listing = Files.list(target)) {
            if (listing.findAny().isPresent()) {
                throw new ImageException("unpack layer", target.toString(), "target directory is not empty");
            }
        }
        BufferedInputStream buffered = new BufferedInputStream(layer, 64 * 1024);
        Run run = new Run(target);
        String last = null;
        try {
            InputStream uncompressed = decompressed(buffered, target);
            DigestInputStream hashed = new DigestInputStream(uncompressed, Digest.newSha256());
            TarArchiveInputStream tar = new TarArchiveInputStream(hashed);
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                run.entries++;
                last = entry.getName();
                run.apply(entry, tar);
            }
            run.finishDirectories();
            // The DiffID covers the whole uncompressed stream, including the padding after the end marker,
            // and the caller's stream (often a digest-verifying one) must see its end too.
            hashed.transferTo(OutputStream.nullOutputStream());
            buffered.transferTo(OutputStream.nullOutputStream());
            return new UnpackResult(Digest.fromHash(hashed.getMessageDigest().digest()), run.entries, run.skipped);
        } catch (ImageException e) {
            throw e;
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new ImageException("unpack layer", where(last), "archive cut short or corrupt ("
                + (e.getMessage() == null ? "unexpected end of the stream" : e.getMessage()) + ")", e);
        } catch (IOException e) {
            // commons-compress reports a truncated or corrupt tar as a plain IOException; an error of
            // the target file system comes as a FileSystemException and names its own path.
            if (e instanceof java.nio.file.FileSystemException) {
                throw new ImageException("unpack layer", where(last), e.toString(), e);
            }
            if (String.valueOf(e.getMessage()).contains("No space left on device")) {
                // A write into the target that did not fit: the archive is fine, the disk is full.
                throw new ImageException("unpack layer", where(last), "No space left on device (the file system of "
                    + target + " is full)", e);
            }
            throw new ImageException("unpack layer", where(last), "archive cut short, corrupt or unreadable ("
                + e.getMessage() + ")", e);
        }
    }

    /** Names the place in the archive a stream error met, by the entry last read. */
    private static String where(String lastEntry) {
        return lastEntry == null ? "before the first entry" : "at or after entry '" + lastEntry + "'";
    }

    private static InputStream decompressed(BufferedInputStream in, Path target) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            throw new ImageException("unpack layer", target.toString(), "zstd-compressed layers are not supported");
        }
        return in;
    }

    /** The state of one unpack. */
    private final class Run {
        private final Path root;
        private final Map<Path, DeferredDirectory> directories = new java.util.HashMap<>();
        private final List<String> skipped = new ArrayList<>();
        private long entries;

        Run(Path root) {
            this.root = root;
        }

        void apply(TarArchiveEntry entry, TarArchiveInputStream tar) throws IOException {
            String name = entry.getName();
            List<String> components = components(name, name);
            if (components.isEmpty()) {
                if (entry.isDirectory()) {
                    ownAndRemember(root, entry);
                }
                return; // "./" describes the layer root itself
            }
            Path parent = parentDirectory(components, name);
            String base = components.get(components.size() - 1);
            if (base.startsWith(WHITEOUT_PREFIX)) {
                whiteout(parent, base, name);
                return;
            }
            Path path = parent.resolve(base);
            if (entry.isDirectory()) {
                BasicFileAttributes existing = attributes(path);
                if (existing == null || !existing.isDirectory()) {
                    removeExisting(path);
                    Files.createDirectory(path);
                }
                ownAndRemember(path, entry);
                applyXattrs(path, entry);
            } else if (entry.isSymbolicLink()) {
                if (entry.getLinkName().isEmpty()) {
                    throw new UnsafeLayerEntryException(name, "symlink has an empty target");
                }
                removeExisting(path);
                // The target is stored verbatim: it is only ever resolved inside the container's rootfs.
                Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                own(path, entry);
                setTimes(path, entry);
            } else if (entry.isLink()) {
                hardLink(path, entry, name);
            } else if (isRegularFile(entry)) {
                removeExisting(path);
                try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    tar.transferTo(out);
                }
                finish(path, entry);
            } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                removeExisting(path);
                try {
                    if (entry.isFIFO()) {
                        special.fifo(path);
                    } else if (entry.isCharacterDevice()) {
                        special.characterDevice(path, entry.getDevMajor(), entry.getDevMinor());
                    } else {
                        special.blockDevice(path, entry.getDevMajor(), entry.getDevMinor());
                    }
                } catch (IOException e) {
                    // Device nodes are refused in user namespaces; a rootfs works without most of them.
                    skipped.add(name + ": device node not created (" + e.getMessage() + ")");
                    return;
                }
                if (attributes(path) != null) {
                    finish(path, entry);
                }
            } else {
                throw new UnsafeLayerEntryException(name, "unsupported tar entry type '" + (char) entry.getLinkFlag() + "'");
            }
        }

        private void whiteout(Path parent, String base, String name) throws IOException {
            if (base.equals(OPAQUE_MARKER)) {
                special.markOpaque(parent);
                return;
            }
            if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
                skipped.add(name + ": aufs metadata ignored");
                return; // .wh..wh.plnk and similar aufs bookkeeping: not part of the filesystem
            }
            String hidden = base.substring(WHITEOUT_PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new UnsafeLayerEntryException(name, "whiteout names no file");
            }
            Path path = parent.resolve(hidden);
            removeExisting(path);
            special.whiteout(path);
        }

        private void hardLink(Path path, TarArchiveEntry entry, String name) throws IOException {
            String linkName = entry.getLinkName();
            List<String> targetComponents = components(linkName, name);
            if (targetComponents.isEmpty()) {
                throw new UnsafeLayerEntryException(name, "hard link to the layer root");
            }
            Path target = root;
            for (int i = 0; i < targetComponents.size(); i++) {
                target = target.resolve(targetComponents.get(i));
                BasicFileAttributes a = attributes(target);
                if (a == null) {
                    throw new UnsafeLayerEntryException(name, "hard link target '" + linkName + "' is not in this layer");
                }
                boolean last = i == targetComponents.size() - 1;
                if (!last && a.isSymbolicLink()) {
                    throw new UnsafeLayerEntryException(name, "hard link target '" + linkName + "' passes through a symlink");
                }
                if (last && a.isDirectory()) {
                    throw new UnsafeLayerEntryException(name, "hard link target '" + linkName + "' is a directory");
                }
            }
            if (target.equals(path)) {
                return; // a link to itself: nothing to do
            }
            removeExisting(path);
            Files.createLink(path, target);
        }

        /** Splits a tar name into safe components; {@code entry} names the tar entry in errors. */
        private List<String> components(String name, String entry) throws UnsafeLayerEntryException {
            if (name.isEmpty()) {
                throw new UnsafeLayerEntryException(entry, "empty name");
            }
            if (name.indexOf('\0') >= 0) {
                throw new UnsafeLayerEntryException(entry, "name contains a NUL byte");
            }
            if (name.startsWith("/")) {
                throw new UnsafeLayerEntryException(entry, "absolute path '" + name + "'");
            }
            List<String> result = new ArrayList<>();
            for (String component : name.split("/")) {
                if (component.isEmpty() || component.equals(".")) {
                    continue;
                }
                if (component.equals("..")) {
                    throw new UnsafeLayerEntryException(entry, "'..' component in '" + name + "'");
                }
                result.add(component);
            }
            return result;
        }

        /** Returns the entry's parent directory, creating missing ones, refusing symlinks on the way. */
        private Path parentDirectory(List<String> components, String name) throws IOException {
            Path current = root;
            for (int i = 0; i < components.size() - 1; i++) {
                current = current.resolve(components.get(i));
                BasicFileAttributes a = attributes(current);
                if (a == null) {
                    Files.createDirectory(current);
                    Files.setAttribute(current, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
                } else if (a.isSymbolicLink()) {
                    throw new UnsafeLayerEntryException(name, "path passes through symlink '"
                            + String.join("/", components.subList(0, i + 1)) + "'");
                } else if (a.isOther() && !a.isDirectory()) {
                    // A whiteout made earlier in this layer for a directory now recreated under it.
                    Files.delete(current);
                    Files.createDirectory(current);
                    Files.setAttribute(current, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
                } else if (!a.isDirectory()) {
                    throw new UnsafeLayerEntryException(name, "parent '"
                            + String.join("/", components.subList(0, i + 1)) + "' is not a directory");
                }
            }
            return current;
        }

        private void removeExisting(Path path) throws IOException {
            BasicFileAttributes a = attributes(path);
            if (a == null) {
                return;
            }
            if (a.isDirectory()) {
                Trees.delete(path);
            } else {
                Files.delete(path);
            }
        }

        private void finish(Path path, TarArchiveEntry entry) throws IOException {
            own(path, entry);
            // chmod after chown: chown clears setuid and setgid bits.
            Files.setAttribute(path, "unix:mode", entry.getMode() & 07777, attributeLinkOptions(entry));
            applyXattrs(path, entry);
            setTimes(path, entry);
        }

        /**
         * Not following links, the JDK opens a file to fchmod it, which a device node may refuse
         * (/dev/ptmx outside a devpts mount) and a fifo would block on. A node this unpacker just
         * made is no symlink, so chmod(2) by path is safe there.
         */
        private static LinkOption[] attributeLinkOptions(TarArchiveEntry entry) {
            boolean node = entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO();
            return node ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        }

        private void own(Path path, TarArchiveEntry entry) throws IOException {
            if (preserveOwnership) {
                Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            }
        }

        private void ownAndRemember(Path dir, TarArchiveEntry entry) throws IOException {
            own(dir, entry);
            // Mode and times of directories are set last: adding children changes mtime, and a
            // read-only mode would stop the children being written.
            directories.put(dir, new DeferredDirectory(dir, entry.getMode() & 07777, entry.getLastModifiedTime(),
                    dir.getNameCount()));
        }

        private void applyXattrs(Path path, TarArchiveEntry entry) throws IOException {
            for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
                if (!header.getKey().startsWith(XATTR_PAX_PREFIX)) {
                    continue;
                }
                String xattr = header.getKey().substring(XATTR_PAX_PREFIX.length());
                if (xattr.startsWith("user.")) {
                    UserDefinedFileAttributeView view = Files.getFileAttributeView(path,
                            UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                    // PAX stores the raw value as ISO-8859-1 characters, one per byte.
                    view.write(xattr.substring(5), ByteBuffer.wrap(header.getValue().getBytes(StandardCharsets.ISO_8859_1)));
                } else {
                    skipped.add(entry.getName() + ": xattr " + xattr + " not applied");
                }
            }
        }

        private void setTimes(Path path, TarArchiveEntry entry) throws IOException {
            if (attributeLinkOptions(entry).length == 0) {
                // A device node or fifo keeps its creation time: the JDK sets times only through
                // an open fd, and opening a fifo blocks, opening ptmx here fails. Nothing reads it.
                return;
            }
            FileTime mtime = entry.getLastModifiedTime();
            FileTime atime = entry.getLastAccessTime() != null ? entry.getLastAccessTime() : mtime;
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(mtime, atime, null);
        }

        void finishDirectories() throws IOException {
            List<DeferredDirectory> deepestFirst = new ArrayList<>(directories.values());
            deepestFirst.sort(Comparator.comparingInt(DeferredDirectory::depth).reversed());
            for (DeferredDirectory d : deepestFirst) {
                if (attributes(d.path) == null) {
                    continue; // removed by a later entry
                }
                Files.setAttribute(d.path, "unix:mode", d.mode, LinkOption.NOFOLLOW_LINKS);
                Files.getFileAttributeView(d.path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(d.mtime, d.mtime, null);
            }
        }
    }

    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        // '0' and NUL (old tar) are regular files, '7' contiguous files, 'S' old GNU sparse files.
        return flag == TarArchiveEntry.LF_NORMAL || flag == TarArchiveEntry.LF_OLDNORM
                || flag == TarArchiveEntry.LF_CONTIG || flag == TarArchiveEntry.LF_GNUTYPE_SPARSE;
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    private record DeferredDirectory(Path path, int mode, FileTime mtime, int depth) {
    }

}
