package io.drydock.runtime.image;

import io.drydock.runtime.image.wire.ImageConfigJson;
import io.drydock.runtime.image.wire.ImageJson;
import io.drydock.runtime.image.wire.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The local image store: the images, their blobs, their unpacked layers and the containers'
 * snapshots, all under one root ({@value #DEFAULT_ROOT_TEXT} by default):
 * <pre>
 *   oci/        an OCI image layout: blobs and index.json (tags are ref.name annotations)
 *   layers/     unpacked layers, one directory per DiffID
 *   l/          short links to the layers, for overlay mount data
 *   snapshots/  per container, side by side: {@code <id>.json}, {@code <id>.upper/}, {@code <id>.work/}
 *               (and {@code <id>.rootfs/}, the mount point, unless the store was given a mount
 *               root); stores made earlier may hold a directory per container instead
 *   tmp/        scratch space for imports and exports
 * </pre>
 * Each manifest in {@code index.json} is an image; each entry with a
 * {@value Descriptor#REF_NAME} annotation holding a full reference
 * ({@code docker.io/library/busybox:latest}) is one of its names; an image with no name keeps one
 * entry without the annotation ("dangling", as docker shows {@code <none>}).
 */
public final class ImageStore {

    private static final String DEFAULT_ROOT_TEXT = "/var/lib/drydock";
    /** Where the store lives unless told otherwise. */
    public static final Path DEFAULT_ROOT = Path.of(DEFAULT_ROOT_TEXT);

    private static final Pattern SHORT_ID = Pattern.compile("[0-9a-f]{6,64}");

    private final Path root;
    private final BlobStore blobs;
    private final LayerStore layers;
    private final OverlaySnapshotter snapshots;
    private final Path tmp;

    /**
     * Opens (creating if needed) the store under {@code root}.
     *
     * @param unpacker unpacks layers ({@link LayerUnpacker#forHost()} on a real host)
     * @param mounter  mounts container root filesystems
     */
    public ImageStore(Path root, LayerUnpacker unpacker, OverlayMounter mounter) throws IOException {
        this(root, null, unpacker, mounter);
    }

    /**
     * Opens (creating if needed) the store under {@code root}, mounting snapshots under
     * {@code mountRoot} rather than inside their directories (see {@link OverlaySnapshotter}).
     *
     * @param mountRoot where container root filesystems are mounted (tmpfs is right), or {@code null}
     * @param unpacker  unpacks layers ({@link LayerUnpacker#forHost()} on a real host)
     * @param mounter   mounts container root filesystems
     */
    public ImageStore(Path root, Path mountRoot, LayerUnpacker unpacker, OverlayMounter mounter) throws IOException {
        this.root = Objects.requireNonNull(root, "root");
        this.blobs = new BlobStore(root.resolve("oci"));
        this.layers = new LayerStore(root.resolve("layers"), root.resolve("l"), unpacker);
        this.snapshots = new OverlaySnapshotter(root.resolve("snapshots"), mountRoot, layers, mounter);
        this.tmp = Files.createDirectories(root.resolve("tmp"));
    }

    /** The store's root directory. */
    public Path root() {
        return root;
    }

    /** The blobs (an OCI image layout under {@code root/oci}). */
    public BlobStore blobs() {
        return blobs;
    }

    /** The unpacked layers. */
    public LayerStore layers() {
        return layers;
    }

    /** The container snapshots. */
    public OverlaySnapshotter snapshots() {
        return snapshots;
    }

    /** A fresh scratch directory under the store (same filesystem); the caller deletes it. */
    Path scratch(String purpose) throws IOException {
        return Files.createTempDirectory(tmp, purpose + "-");
    }

    // ---------------------------------------------------------------- adding images

    /**
     * Creates an image from a configuration and layer blobs already in the blob store, and names it.
     * The configuration is serialised by drydock (see {@link #commit(byte[], List, List)} to keep
     * foreign bytes).
     */
    public Image commit(ImageConfig config, List<Descriptor> layerBlobs, List<ImageReference> names) throws IOException {
        return commit(ImageJson.write(OciTranslator.toJson(config)), layerBlobs, names);
    }

    /**
     * Creates an image from configuration bytes (stored verbatim, so a foreign config keeps its
     * digest) and layer blobs already in the blob store, writes an OCI manifest and names the image.
     *
     * @throws ImageException if the config is malformed, a layer blob is missing or the layer count
     *                        differs from {@code rootfs.diff_ids}
     */
    public Image commit(byte[] configBytes, List<Descriptor> layerBlobs, List<ImageReference> names) throws IOException {
        ImageConfig config = OciTranslator.config(
                ImageJson.read(configBytes, ImageConfigJson.class, "image config"), "image config");
        if (config.diffIds().size() != layerBlobs.size()) {
            throw new ImageException("commit image", "config", "rootfs.diff_ids has " + config.diffIds().size()
                    + " entries for " + layerBlobs.size() + " layers");
        }
        for (Descriptor layer : layerBlobs) {
            if (!blobs.contains(layer.digest())) {
                throw new ImageException("commit image", layer.digest().toString(), "layer blob is not in the store");
            }
        }
        Descriptor configBlob = blobs.write(MediaTypes.OCI_CONFIG, configBytes);
        ImageManifest manifest = new ImageManifest(configBlob, layerBlobs, Map.of());
        Descriptor manifestBlob = blobs.write(MediaTypes.OCI_MANIFEST, ImageJson.write(OciTranslator.toJson(manifest)));
        return register(manifestBlob, names);
    }

    /**
     * Adds a manifest already in the blob store (with its config and layers) as an image with
     * {@code names}, moving those names from whatever image had them.
     */
    public Image register(Descriptor manifest, List<ImageReference> names) throws IOException {
        Image image = load(manifest.digest(), List.of());
        for (Descriptor blob : blobsOf(image)) {
            if (!blobs.contains(blob.digest())) {
                throw new ImageException("register image", manifest.digest().toString(),
                        "blob " + blob.digest() + " is not in the store");
            }
        }
        for (ImageReference name : names) {
            checkTaggable(name);
        }
        Descriptor plain = new Descriptor(MediaTypes.isManifest(manifest.mediaType()) ? manifest.mediaType()
                : MediaTypes.OCI_MANIFEST, manifest.digest(), manifest.size());
        blobs.updateIndex(entries -> {
            for (ImageReference name : names) {
                removeName(entries, name);
                entries.add(plain.withAnnotations(Map.of(Descriptor.REF_NAME, name.toString())));
            }
            if (entries.stream().noneMatch(e -> e.digest().equals(manifest.digest()))) {
                entries.add(plain);
            }
            return dropRedundantDangling(entries);
        });
        return image(manifest.digest());
    }

    // ---------------------------------------------------------------- queries

    /** Every image in the store, in index order. */
    public List<Image> list() throws IOException {
        Map<Digest, List<ImageReference>> names = namesByManifest();
        List<Image> result = new ArrayList<>();
        for (Map.Entry<Digest, List<ImageReference>> e : names.entrySet()) {
            result.add(load(e.getKey(), e.getValue()));
        }
        return result;
    }

    /** The image with manifest {@code digest}. */
    public Image image(Digest manifestDigest) throws IOException {
        List<ImageReference> names = namesByManifest().get(manifestDigest);
        if (names == null) {
            throw new ImageNotFoundException(manifestDigest.toString());
        }
        return load(manifestDigest, names);
    }

    /** The image a reference names, if any (by tag, or by digest when it has one). */
    public Optional<Image> find(ImageReference ref) throws IOException {
        Map<Digest, List<ImageReference>> names = namesByManifest();
        for (Map.Entry<Digest, List<ImageReference>> e : names.entrySet()) {
            boolean match = ref.digest() != null
                    ? e.getKey().equals(ref.digest())
                    : e.getValue().contains(ref);
            if (match) {
                return Optional.of(load(e.getKey(), e.getValue()));
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves what a user typed: a reference ({@code busybox}, {@code busybox:1.36},
     * {@code name@sha256:...}), a manifest digest, an image ID ({@code sha256:<config hex>}), or a
     * unique prefix of at least 6 hex digits of either.
     *
     * @throws ImageNotFoundException if nothing matches
     * @throws ImageException         if a short ID is ambiguous
     */
    public Image inspect(String nameOrId) throws IOException {
        Objects.requireNonNull(nameOrId, "nameOrId");
        String hexPart = nameOrId.startsWith(Digest.ALGORITHM + ":") ? nameOrId.substring(7) : null;
        if (hexPart == null) {
            try {
                Optional<Image> byName = find(ImageReference.parse(nameOrId));
                if (byName.isPresent()) {
                    return byName.get();
                }
            } catch (IllegalArgumentException e) {
                if (!SHORT_ID.matcher(nameOrId).matches()) {
                    throw new ImageNotFoundException(nameOrId + " (" + e.getMessage() + ")");
                }
            }
            hexPart = nameOrId;
        }
        if (!SHORT_ID.matcher(hexPart).matches()) {
            throw new ImageNotFoundException(nameOrId);
        }
        List<Image> matches = new ArrayList<>();
        for (Image image : list()) {
            if (image.manifestDigest().hex().startsWith(hexPart) || image.id().hex().startsWith(hexPart)) {
                matches.add(image);
            }
        }
        if (matches.isEmpty()) {
            throw new ImageNotFoundException(nameOrId);
        }
        if (matches.size() > 1) {
            throw new ImageException("find image", nameOrId, "ambiguous: matches " + matches.size() + " images");
        }
        return matches.get(0);
    }

    // ---------------------------------------------------------------- names

    /** Gives the image {@code source} resolves to the name {@code target} (moving it if taken). */
    public Image tag(String source, ImageReference target) throws IOException {
        Image image = inspect(source);
        Descriptor manifest = blobDescriptor(MediaTypes.OCI_MANIFEST, image.manifestDigest());
        return register(manifest, List.of(target));
    }

    /**
     * Removes a name or an image. Removing one of several names only untags. Removing the last name,
     * or naming the image by ID, deletes the image, then every blob and unpacked layer nothing else
     * uses. An image {@code inUse} says a container uses is refused unless {@code force}; forced, it
     * loses its names but keeps its content (as docker does).
     *
     * @throws ImageInUseException if in use and not forced
     */
    public ImageRemoval remove(String nameOrId, boolean force, Predicate<Image> inUse) throws IOException {
        Image image = inspect(nameOrId);
        Optional<ImageReference> byName = referenceIn(image, nameOrId);
        if (byName.isPresent() && image.names().size() > 1) {
            blobs.updateIndex(entries -> {
                removeName(entries, byName.get());
                return entries;
            });
            return new ImageRemoval(List.of(byName.get()), false, List.of(), List.of());
        }
        boolean used = inUse.test(image);
        if (used && !force) {
            throw new ImageInUseException(nameOrId);
        }
        Digest digest = image.manifestDigest();
        Descriptor dangling = blobDescriptor(MediaTypes.OCI_MANIFEST, digest);
        blobs.updateIndex(entries -> {
            entries.removeIf(e -> e.digest().equals(digest));
            if (used) {
                entries.add(dangling); // keep the content for the container
            }
            return entries;
        });
        if (used) {
            return new ImageRemoval(image.names(), false, List.of(), List.of());
        }
        GarbageCollection gc = collectGarbage();
        return new ImageRemoval(image.names(), true, gc.blobs, gc.layers);
    }

    private record GarbageCollection(List<Digest> blobs, List<Digest> layers) {
    }

    /** Deletes blobs no image references and unpacked layers no image or snapshot uses. */
    private GarbageCollection collectGarbage() throws IOException {
        Set<Digest> liveBlobs = referencedBlobs();
        Set<Digest> liveLayers = new TreeSet<>(snapshots.layersInUse());
        for (Image image : list()) {
            liveLayers.addAll(image.config().diffIds());
        }
        List<Digest> deletedBlobs = new ArrayList<>();
        for (Digest d : blobs.digests()) {
            if (!liveBlobs.contains(d)) {
                blobs.delete(d);
                deletedBlobs.add(d);
            }
        }
        List<Digest> deletedLayers = new ArrayList<>();
        for (Digest d : layers.list()) {
            if (!liveLayers.contains(d)) {
                layers.remove(d);
                deletedLayers.add(d);
            }
        }
        return new GarbageCollection(deletedBlobs, deletedLayers);
    }

    // ---------------------------------------------------------------- containers

    /**
     * Unpacks every layer of {@code image} not unpacked yet (verifying blob digests and DiffIDs) and
     * returns the layer directories, bottom first.
     */
    public List<Path> unpack(Image image) throws IOException {
        List<Path> result = new ArrayList<>();
        List<Descriptor> layerBlobs = image.manifest().layers();
        for (int i = 0; i < layerBlobs.size(); i++) {
            Digest diffId = image.config().diffIds().get(i);
            if (layers.contains(diffId)) {
                result.add(layers.unpack(diffId, InputStream.nullInputStream()));
                continue;
            }
            try (InputStream in = blobs.open(layerBlobs.get(i).digest())) {
                result.add(layers.unpack(diffId, in));
            }
        }
        return result;
    }

    /**
     * Prepares a container root filesystem: unpacks the image's layers and creates snapshot
     * {@code key} over them. Mount it with {@code snapshots().mount(key)}.
     */
    public Snapshot prepareRootfs(Image image, String key) throws IOException {
        unpack(image);
        return snapshots.prepare(key, image.config().diffIds());
    }

    /** Where the bytes are: blobs, shared layers, private upper directories. */
    public DiskUsage diskUsage() throws IOException {
        long blobBytes = 0;
        for (Digest d : blobs.digests()) {
            blobBytes += blobs.size(d);
        }
        long layerBytes = 0;
        for (Digest d : layers.list()) {
            layerBytes += layers.size(d);
        }
        Map<String, Long> uppers = new TreeMap<>();
        for (Snapshot s : snapshots.list()) {
            uppers.put(s.key(), snapshots.upperSize(s.key()));
        }
        return new DiskUsage(blobBytes, layerBytes, uppers);
    }

    /**
     * Deletes what interrupted operations left behind (temporary unpack, prepare, remove, ingest and
     * scratch entries) once older than {@code olderThan}, so that work still running in another
     * process is not disturbed.
     *
     * @return the paths deleted
     */
    public List<Path> removeLeftovers(Duration olderThan) throws IOException {
        Instant cutoff = Instant.now().minus(olderThan);
        List<Path> deleted = new ArrayList<>();
        removeOld(tmp, name -> true, cutoff, deleted);
        removeOld(root.resolve("layers"), name -> name.startsWith(".unpack-") || name.startsWith(".remove-"),
                cutoff, deleted);
        removeOld(root.resolve("snapshots"), name -> name.startsWith(".prepare-") || name.startsWith(".remove-"),
                cutoff, deleted);
        removeOld(blobs.root().resolve("ingest"), name -> name.startsWith("blob-") || name.startsWith("meta-")
                || name.startsWith("layer-"), cutoff, deleted);
        return deleted;
    }

    private static void removeOld(Path dir, Predicate<String> leftover, Instant cutoff, List<Path> deleted)
            throws IOException {
        List<Path> candidates;
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            candidates = entries.filter(p -> leftover.test(p.getFileName().toString())).toList();
        }
        for (Path p : candidates) {
            if (Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                Trees.delete(p);
                deleted.add(p);
            }
        }
    }

    // ---------------------------------------------------------------- internals

    /** Reads and parses an image's manifest and config, both digest-verified. */
    Image load(Digest manifestDigest, List<ImageReference> names) throws IOException {
        String where = "manifest " + manifestDigest;
        ManifestJson wire = ImageJson.read(blobs.read(manifestDigest), ManifestJson.class, where);
        ImageManifest manifest = OciTranslator.manifest(wire, where);
        String configWhere = "config " + manifest.config().digest();
        ImageConfig config = OciTranslator.config(ImageJson.read(blobs.read(manifest.config().digest()),
                ImageConfigJson.class, configWhere), configWhere);
        try {
            return new Image(manifestDigest, manifest, config, names);
        } catch (IllegalArgumentException e) {
            throw new ImageException("load image", manifestDigest.toString(), e.getMessage(), e);
        }
    }

    /** Every blob some image in the store references: manifests, configs, layers. */
    Set<Digest> referencedBlobs() throws IOException {
        Set<Digest> result = new TreeSet<>();
        for (Image image : list()) {
            result.add(image.manifestDigest());
            blobsOf(image).forEach(d -> result.add(d.digest()));
        }
        return result;
    }

    static List<Descriptor> blobsOf(Image image) {
        List<Descriptor> result = new ArrayList<>();
        result.add(image.manifest().config());
        result.addAll(image.manifest().layers());
        return result;
    }

    private Map<Digest, List<ImageReference>> namesByManifest() throws IOException {
        Map<Digest, List<ImageReference>> result = new LinkedHashMap<>();
        for (Descriptor entry : blobs.index()) {
            List<ImageReference> names = result.computeIfAbsent(entry.digest(), d -> new ArrayList<>());
            String refName = entry.annotations().get(Descriptor.REF_NAME);
            if (refName != null) {
                try {
                    names.add(ImageReference.parse(refName));
                } catch (IllegalArgumentException e) {
                    // A name another tool wrote that is not a full reference: keep the image, skip the name.
                }
            }
        }
        return result;
    }

    private static Optional<ImageReference> referenceIn(Image image, String text) {
        try {
            ImageReference ref = ImageReference.parse(text);
            return image.names().contains(ref) ? Optional.of(ref) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void checkTaggable(ImageReference name) throws ImageException {
        if (name.tag() == null || name.digest() != null) {
            throw new ImageException("tag image", name.toString(), "a name must have a tag and no digest");
        }
    }

    /** Removes {@code name} from the entries, leaving a dangling entry if its image had no other. */
    private static void removeName(List<Descriptor> entries, ImageReference name) {
        String text = name.toString();
        List<Descriptor> removed = new ArrayList<>();
        entries.removeIf(e -> text.equals(e.annotations().get(Descriptor.REF_NAME)) && removed.add(e));
        for (Descriptor r : removed) {
            if (entries.stream().noneMatch(e -> e.digest().equals(r.digest()))) {
                entries.add(r.withAnnotations(Map.of()));
            }
        }
    }

    /** Drops dangling entries of images that also have named entries. */
    private static List<Descriptor> dropRedundantDangling(List<Descriptor> entries) {
        Map<Digest, Boolean> named = new HashMap<>();
        for (Descriptor e : entries) {
            named.merge(e.digest(), e.annotations().containsKey(Descriptor.REF_NAME), Boolean::logicalOr);
        }
        List<Descriptor> result = new ArrayList<>();
        Set<Digest> danglingKept = new TreeSet<>();
        for (Descriptor e : entries) {
            boolean dangling = !e.annotations().containsKey(Descriptor.REF_NAME);
            if (dangling && (named.get(e.digest()) || !danglingKept.add(e.digest()))) {
                continue;
            }
            result.add(e);
        }
        return result;
    }

    private Descriptor blobDescriptor(String mediaType, Digest digest) throws IOException {
        return new Descriptor(mediaType, digest, blobs.size(digest));
    }
}
