package io.drydock.runtime.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The files of an image archive (docker-archive or OCI layout tar), read in one pass without
 * unpacking to disk: small files are kept in memory, large ones (layers) go straight into the blob
 * store, where they are wanted anyway. Symlinks inside the archive (older {@code docker save}
 * links duplicate layers) are resolved within the archive. Large files the import did not use are
 * deleted by {@link #discardUnused}.
 */
final class ArchiveContents {

    private static final int IN_MEMORY_LIMIT = 4 * 1024 * 1024;

    private final BlobStore blobs;
    private final String archive;
    private final Map<String, byte[]> small = new HashMap<>();
    private final Map<String, Digest> large = new HashMap<>();
    private final Map<String, String> symlinks = new HashMap<>();
    private final Set<Digest> used = new HashSet<>();

    private ArchiveContents(BlobStore blobs, String archive) {
        this.blobs = blobs;
        this.archive = archive;
    }

    /** Reads the tar {@code in} (not closed); {@code archive} names it in errors. */
    static ArchiveContents read(InputStream in, BlobStore blobs, String archive) throws IOException {
        ArchiveContents contents = new ArchiveContents(blobs, archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
            String name = normalise(entry.getName(), entry.getName(), archive);
            if (entry.isSymbolicLink()) {
                // A symlink resolves relative to its own directory; normalise refuses absolute targets.
                String link = entry.getLinkName();
                String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                contents.symlinks.put(name, normalise(link.startsWith("/") ? link : parent + link,
                        entry.getName(), archive));
            } else if (entry.isLink()) {
                contents.symlinks.put(name, normalise(entry.getLinkName(), entry.getName(), archive));
            } else if (entry.isFile()) {
                if (entry.getSize() <= IN_MEMORY_LIMIT) {
                    contents.small.put(name, tar.readAllBytes());
                } else {
                    Descriptor d = blobs.write("application/octet-stream", tar);
                    contents.large.put(name, d.digest());
                }
            }
        }
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return contents;
    }

    /** Collapses {@code .} and {@code ..}, refusing names that leave the archive. */
    private static String normalise(String name, String entry, String archive) throws ImageException {
        if (name.startsWith("/")) {
            throw new ImageException("read archive", archive, "entry '" + entry + "' refers to absolute path '"
                    + name + "'");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ImageException("read archive", archive, "entry '" + entry + "' leaves the archive");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private String resolve(String name) throws ImageException {
        String current = normalise(name, name, archive);
        for (int hops = 0; symlinks.containsKey(current); hops++) {
            if (hops > 40) {
                throw new ImageException("read archive", archive, "too many links resolving '" + name + "'");
            }
            current = symlinks.get(current);
        }
        return current;
    }

    /** Whether the archive has a file {@code name}. */
    boolean has(String name) throws ImageException {
        String resolved = resolve(name);
        return small.containsKey(resolved) || large.containsKey(resolved);
    }

    /** The content of file {@code name}. */
    byte[] bytes(String name) throws IOException {
        String resolved = resolve(name);
        byte[] b = small.get(resolved);
        if (b != null) {
            return b;
        }
        Digest d = large.get(resolved);
        if (d == null) {
            throw new ImageException("read archive", archive, "has no file '" + name + "'");
        }
        return blobs.read(d);
    }

    /** Opens file {@code name}. */
    InputStream open(String name) throws IOException {
        String resolved = resolve(name);
        byte[] b = small.get(resolved);
        if (b != null) {
            return new ByteArrayInputStream(b);
        }
        Digest d = large.get(resolved);
        if (d == null) {
            throw new ImageException("read archive", archive, "has no file '" + name + "'");
        }
        return blobs.open(d);
    }

    /** Whether file {@code name} starts with the gzip magic. */
    boolean isGzip(String name) throws IOException {
        try (InputStream in = open(name)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        }
    }

    /**
     * Makes sure file {@code name} is in the blob store and returns its descriptor.
     *
     * @param expected the digest it must have, or {@code null}
     * @throws DigestMismatchException naming the file if it has another digest
     */
    Descriptor store(String name, String mediaType, Digest expected) throws IOException {
        String resolved = resolve(name);
        byte[] b = small.get(resolved);
        Descriptor d;
        if (b != null) {
            Digest actual = Digest.of(b);
            if (expected != null && !expected.equals(actual)) {
                throw new DigestMismatchException("import", archive + ":" + name, expected, actual);
            }
            d = blobs.write(mediaType, b);
        } else {
            Digest digest = large.get(resolved);
            if (digest == null) {
                throw new ImageException("read archive", archive, "has no file '" + name + "'");
            }
            if (expected != null && !expected.equals(digest)) {
                throw new DigestMismatchException("import", archive + ":" + name, expected, digest);
            }
            d = new Descriptor(mediaType, digest, blobs.size(digest));
        }
        used.add(d.digest());
        return d;
    }

    /**
     * Deletes the large files this archive put into the blob store that no {@link #store} call
     * claimed, unless {@code keep} (what the store's images reference) has them.
     */
    void discardUnused(Set<Digest> keep) throws IOException {
        for (Digest d : large.values()) {
            if (!used.contains(d) && !keep.contains(d)) {
                blobs.delete(d);
            }
        }
    }
}
