package io.drydock.runtime.image.build;

import io.drydock.runtime.image.ImageException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * ADD's unpacking of a local tar archive (plain or gzip) into a directory of a container rootfs.
 * Entry names are confined to the destination (no absolute names or {@code ..} escape), and every
 * parent is resolved inside the rootfs, so an archive's symlinks cannot lead a later entry out.
 * Device nodes are skipped; owners come from the archive unless ADD has {@code --chown}.
 */
final class LocalArchiveExtractor {

    private LocalArchiveExtractor() {
    }

    /** Whether {@code file} starts like a tar or a gzip stream (what ADD unpacks instead of copying). */
    static boolean isArchive(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(512);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return true;
        }
        return head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
    }

    /**
     * Unpacks {@code archive} into container directory {@code destination} of {@code rootfs}.
     *
     * @param owner the owner of every entry, or null to keep the archive's
     */
    static void extract(Path archive, Path rootfs, String destination, RootfsPaths.Owner owner) throws IOException {
        RootfsPaths.createDirectories(rootfs, destination);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(raw))) {
            List<TarArchiveEntry> dirs = new ArrayList<>();
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = confined(archive, e.getName());
                if (name.isEmpty()) {
                    continue;
                }
                String containerPath = destination + "/" + name;
                int slash = containerPath.lastIndexOf('/');
                Path parent = RootfsPaths.createDirectories(rootfs, containerPath.substring(0, slash));
                Path target = parent.resolve(containerPath.substring(slash + 1));
                if (e.isDirectory()) {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(target);
                        Files.createDirectory(target);
                    }
                    dirs.add(e);
                } else if (e.isSymbolicLink()) {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Path source = RootfsPaths.resolve(rootfs, destination + "/" + confined(archive, e.getLinkName()));
                    Files.deleteIfExists(target);
                    Files.createLink(target, source);
                    continue;
                } else if (e.isFile()) {
                    Files.deleteIfExists(target);
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    continue; // devices and fifos are not ADD's business
                }
                setAttributes(target, e, owner);
            }
            // Directory times and modes last, after their contents were written.
            for (TarArchiveEntry d : dirs) {
                String name = confined(archive, d.getName());
                setAttributes(RootfsPaths.resolve(rootfs, destination + "/" + name), d, owner);
            }
        }
    }

    private static void setAttributes(Path target, TarArchiveEntry e, RootfsPaths.Owner owner) throws IOException {
        int uid = owner != null ? owner.uid() : (int) e.getLongUserId();
        int gid = owner != null ? owner.gid() : (int) e.getLongGroupId();
        Files.setAttribute(target, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        if (!e.isSymbolicLink()) {
            Files.setAttribute(target, "unix:mode", e.getMode() & 07777);
            Files.setLastModifiedTime(target, FileTime.from(e.getModTime().toInstant()));
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        if (a == 0x1f && b == 0x8b) {
            return GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
        }
        return in;
    }

    /** The entry name without leading slashes or "./"; refuses one that climbs out with "..". */
    private static String confined(Path archive, String name) throws ImageException {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new ImageException("add archive", archive + " entry " + name, "climbs out of the destination");
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }
}
