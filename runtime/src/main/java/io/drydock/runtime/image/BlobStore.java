package io.drydock.runtime.image;

import io.drydock.runtime.image.wire.DescriptorJson;
import io.drydock.runtime.image.wire.ImageJson;
import io.drydock.runtime.image.wire.IndexJson;
import io.drydock.runtime.image.wire.OciLayoutJson;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Content-addressed blobs in an OCI image layout: {@code oci-layout}, {@code index.json} and
 * {@code blobs/sha256/<hex>} under a root directory. Every write streams through SHA-256 into a
 * temporary file that is renamed into place only once its digest is known (and matches, when one
 * was expected), so a blob file always holds what its name says; every read verifies again.
 *
 * <p>{@code index.json} lists the store's manifests; a tag is the {@value Descriptor#REF_NAME}
 * annotation of an entry. Changes to it are serialised with a lock file and written atomically.
 * Instances are safe for use by several threads; two processes may share a root.
 */
public final class BlobStore {

    /** The image layout version this store writes. */
    public static final String LAYOUT_VERSION = "1.0.0";

    private static final java.util.concurrent.ConcurrentMap<Path, Object> INDEX_MONITORS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path root;
    private final Path blobs;
    private final Path ingest;

    /**
     * Opens the layout at {@code root}, creating an empty one if the directory is missing or empty.
     *
     * @throws ImageException if {@code root} holds an {@code oci-layout} of another version
     */
    public BlobStore(Path root) throws IOException {
        this.root = Objects.requireNonNull(root, "root");
        this.blobs = root.resolve("blobs").resolve(Digest.ALGORITHM);
        // Temporary files live beside the blobs so the final rename stays on one filesystem.
        this.ingest = root.resolve("ingest");
        Files.createDirectories(blobs);
        Files.createDirectories(ingest);
        Path layout = root.resolve("oci-layout");
        if (Files.exists(layout)) {
            OciLayoutJson json = ImageJson.read(Files.readAllBytes(layout), OciLayoutJson.class, layout.toString());
            if (!LAYOUT_VERSION.equals(json.imageLayoutVersion())) {
                throw new ImageException("open image layout", root.toString(),
                        "imageLayoutVersion is '" + json.imageLayoutVersion() + "', this store reads " + LAYOUT_VERSION);
            }
        } else {
            writeAtomically(layout, ImageJson.write(new OciLayoutJson(LAYOUT_VERSION)));
        }
        if (!Files.exists(root.resolve("index.json"))) {
            writeAtomically(root.resolve("index.json"), ImageJson.write(emptyIndex(List.of())));
        }
    }

    /** The layout's root directory. */
    public Path root() {
        return root;
    }

    /** Stores {@code bytes}, returning their descriptor. */
    public Descriptor write(String mediaType, byte[] bytes) throws IOException {
        return write(mediaType, new java.io.ByteArrayInputStream(bytes), null);
    }

    /** Stores what {@code in} yields up to its end (does not close it), returning its descriptor. */
    public Descriptor write(String mediaType, InputStream in) throws IOException {
        return write(mediaType, in, null);
    }

    /**
     * Stores what {@code in} yields, refusing it unless its digest is {@code expected}.
     *
     * @param expected the digest the content must have, or {@code null} to accept any
     * @throws DigestMismatchException naming both digests; nothing is stored then
     */
    public Descriptor write(String mediaType, InputStream in, Digest expected) throws IOException {
        Objects.requireNonNull(mediaType, "mediaType");
        Path temp = ingest.resolve("blob-" + UUID.randomUUID());
        try {
            MessageDigest sha = Digest.newSha256();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                byte[] buffer = new byte[128 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            Digest actual = Digest.fromHash(sha.digest());
            if (expected != null && !expected.equals(actual)) {
                throw new DigestMismatchException("write blob", expected.toString(), expected, actual);
            }
            Path target = path(actual);
            if (!Files.exists(target)) {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                moveIntoPlace(temp, target);
            }
            return new Descriptor(mediaType, actual, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether the blob is present (not whether it is intact: see {@link #verify}). */
    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** The blob's size in bytes. */
    public long size(Digest digest) throws IOException {
        try {
            return Files.size(path(digest));
        } catch (NoSuchFileException e) {
            throw missing(digest, e);
        }
    }

    /**
     * Opens the blob for reading. The stream checks the digest when it reaches the end and throws
     * {@link DigestMismatchException} from that {@code read} if the content was altered; a reader
     * that stops early gets no such check.
     */
    public InputStream open(Digest digest) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(path(digest));
        } catch (NoSuchFileException e) {
            throw missing(digest, e);
        }
        return new VerifyingInputStream(in, digest);
    }

    /** Reads the whole blob, verified. */
    public byte[] read(Digest digest) throws IOException {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        }
    }

    /** Reads the blob through and throws {@link DigestMismatchException} if it is not intact. */
    public void verify(Digest digest) throws IOException {
        try (InputStream in = open(digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Verifies every blob and returns the digests of those that are corrupt. */
    public List<Digest> verifyAll() throws IOException {
        List<Digest> corrupt = new ArrayList<>();
        for (Digest d : digests()) {
            try {
                verify(d);
            } catch (DigestMismatchException e) {
                corrupt.add(d);
            }
        }
        return corrupt;
    }

    /** Deletes the blob if present. */
    public void delete(Digest digest) throws IOException {
        Files.deleteIfExists(path(digest));
    }

    /** Every blob's digest, sorted. Files whose names are not digests are ignored. */
    public TreeSet<Digest> digests() throws IOException {
        TreeSet<Digest> result = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(blobs)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (Digest.isDigest(Digest.ALGORITHM + ":" + name)) {
                    result.add(new Digest(name));
                }
            }
        }
        return result;
    }

    /** The path a blob is (or would be) stored at. */
    public Path path(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    /** The manifests listed in {@code index.json}, in file order. */
    public List<Descriptor> index() throws IOException {
        Path file = root.resolve("index.json");
        IndexJson json = ImageJson.read(Files.readAllBytes(file), IndexJson.class, file.toString());
        List<Descriptor> result = new ArrayList<>();
        List<DescriptorJson> manifests = json.manifests() == null ? List.of() : json.manifests();
        for (int i = 0; i < manifests.size(); i++) {
            result.add(OciTranslator.descriptor(manifests.get(i), file + " manifests[" + i + "]"));
        }
        return result;
    }

    /**
     * Replaces {@code index.json}'s manifest list with {@code change} applied to it, under a lock so
     * concurrent changes are not lost.
     *
     * @return the new list
     */
    public List<Descriptor> updateIndex(UnaryOperator<List<Descriptor>> change) throws IOException {
        // The file lock orders processes; the monitor orders threads, since a JVM may hold a file
        // lock only once (two BlobStores on one root would otherwise get OverlappingFileLockException).
        synchronized (INDEX_MONITORS.computeIfAbsent(root.toAbsolutePath().normalize(), p -> new Object())) {
            try (FileChannel lockFile = FileChannel.open(ingest.resolve("index.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = lockFile.lock();
                try {
                    List<Descriptor> updated = List.copyOf(change.apply(new ArrayList<>(index())));
                    writeAtomically(root.resolve("index.json"),
                            ImageJson.write(emptyIndex(updated.stream().map(OciTranslator::toJson).toList())));
                    return updated;
                } finally {
                    lock.release();
                }
            }
        }
    }

    private static IndexJson emptyIndex(List<DescriptorJson> manifests) {
        return new IndexJson(2, MediaTypes.OCI_INDEX, null, manifests, null, null);
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = ingest.resolve("meta-" + UUID.randomUUID());
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW);
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ImageException("store", target.toString(), "cannot rename atomically from " + temp, e);
        } catch (FileAlreadyExistsException e) {
            // A concurrent writer stored the same content first: same digest, same bytes.
        }
    }

    private static ImageException missing(Digest digest, IOException cause) {
        return new ImageException("read blob", digest.toString(), "not in the store", cause);
    }

    /** Hashes what passes through and compares at end of stream. */
    private static final class VerifyingInputStream extends FilterInputStream {
        private final Digest expected;
        private final MessageDigest sha = Digest.newSha256();
        private boolean checked;

        VerifyingInputStream(InputStream in, Digest expected) {
            super(in);
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                check();
            } else {
                sha.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                check();
            } else {
                sha.update(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipping would leave bytes unhashed: read them instead.
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void check() throws DigestMismatchException {
            if (checked) {
                return;
            }
            checked = true;
            Digest actual = Digest.fromHash(sha.digest());
            if (!actual.equals(expected)) {
                throw new DigestMismatchException("read blob", expected.toString(), expected, actual);
            }
        }
    }
}
