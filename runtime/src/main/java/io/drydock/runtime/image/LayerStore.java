package io.drydock.runtime.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Unpacked layers, one directory per DiffID ({@code <layers>/<hex>}), each unpacked once and shared
 * read-only by every container whose image has it. A layer is unpacked into a temporary directory
 * and renamed into place only when complete and its DiffID verified, so a directory under its
 * final name is always a whole, correct layer; a failed unpack leaves nothing.
 *
 * <p>Each layer also gets a short symlink {@code <links>/<first 12 hex>} pointing at it: overlay
 * mount data is limited to one page, and short {@code lowerdir} entries let images with many
 * layers mount (the idea of docker's overlay2 {@code l/} directory).
 */
public final class LayerStore {

    private final Path layers;
    private final Path links;
    private final LayerUnpacker unpacker;

    /**
     * @param layers   directory of the unpacked layers
     * @param links    directory of the short links (keep its path short)
     * @param unpacker how layers are unpacked
     */
    public LayerStore(Path layers, Path links, LayerUnpacker unpacker) throws IOException {
        this.layers = Objects.requireNonNull(layers, "layers");
        this.links = Objects.requireNonNull(links, "links");
        this.unpacker = Objects.requireNonNull(unpacker, "unpacker");
        Files.createDirectories(layers);
        Files.createDirectories(links);
    }

    /** Whether the layer is unpacked. */
    public boolean contains(Digest diffId) {
        return Files.isDirectory(directory(diffId), LinkOption.NOFOLLOW_LINKS);
    }

    /** The layer's directory (whether or not it is unpacked yet). */
    public Path directory(Digest diffId) {
        return layers.resolve(diffId.hex());
    }

    /** The layer's short symlink, what overlay {@code lowerdir} entries name. */
    public Path link(Digest diffId) {
        return links.resolve(diffId.shortHex());
    }

    /**
     * Unpacks the layer unless it already is, and returns its directory. {@code blob} is read to
     * its end when the layer is unpacked, and not read at all when it already was; it is not closed.
     *
     * @param diffId the DiffID the image config gives for this layer
     * @param blob   the layer as stored (tar or tar+gzip)
     * @throws DigestMismatchException if the uncompressed content is not {@code diffId}
     */
    public Path unpack(Digest diffId, InputStream blob) throws IOException {
        Path target = directory(diffId);
        if (!contains(diffId)) {
            Path temp = layers.resolve(".unpack-" + UUID.randomUUID());
            Files.createDirectory(temp);
            try {
                UnpackResult result = unpacker.unpack(blob, temp);
                if (!result.diffId().equals(diffId)) {
                    throw new DigestMismatchException("unpack layer", diffId.toString(), diffId, result.diffId());
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // rename(2) fails with ENOTEMPTY when someone else unpacked it concurrently:
                    // theirs is as good as ours.
                    if (!contains(diffId)) {
                        throw e;
                    }
                }
            } finally {
                Trees.delete(temp);
            }
        }
        ensureLink(diffId);
        return target;
    }

    private void ensureLink(Digest diffId) throws IOException {
        Path link = link(diffId);
        Path target = directory(diffId);
        if (Files.isSymbolicLink(link)) {
            Path existing = Files.readSymbolicLink(link);
            if (existing.equals(target)) {
                return;
            }
            throw new ImageException("link layer", diffId.toString(), "short link " + link
                    + " already points at " + existing + " (a 48-bit prefix collision)");
        }
        try {
            Files.createSymbolicLink(link, target);
        } catch (FileAlreadyExistsException e) {
            ensureLink(diffId); // created concurrently; check it is ours
        }
    }

    /** Deletes the layer's directory and link. The caller makes sure no container uses it. */
    public void remove(Digest diffId) throws IOException {
        Files.deleteIfExists(link(diffId));
        Path dir = directory(diffId);
        if (!contains(diffId)) {
            return;
        }
        // Rename first so an interrupted delete never leaves a partial layer under the real name.
        Path doomed = layers.resolve(".remove-" + UUID.randomUUID());
        Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        Trees.delete(doomed);
    }

    /** The DiffIDs of all unpacked layers. */
    public TreeSet<Digest> list() throws IOException {
        TreeSet<Digest> result = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layers)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Digest.isDigest(Digest.ALGORITHM + ":" + name)) {
                    result.add(new Digest(name));
                }
            }
        }
        return result;
    }

    /** The layer's size on disk (apparent bytes), 0 if not unpacked. */
    public long size(Digest diffId) throws IOException {
        return Trees.apparentSize(directory(diffId));
    }
}
