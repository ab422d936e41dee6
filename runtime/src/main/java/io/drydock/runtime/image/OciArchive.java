package io.drydock.runtime.image;

import io.drydock.runtime.image.wire.DescriptorJson;
import io.drydock.runtime.image.wire.ImageJson;
import io.drydock.runtime.image.wire.IndexJson;
import io.drydock.runtime.image.wire.ManifestJson;
import io.drydock.runtime.image.wire.OciLayoutJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads and saves OCI image layouts, as a directory or as a tar of one ({@code oci-archive}), the
 * format skopeo, podman and buildah read. A layout's {@code index.json} names images with the
 * {@value Descriptor#REF_NAME} annotation; drydock writes the full reference there
 * ({@code docker.io/library/busybox:latest}). Every blob is digest-verified on the way in and out,
 * and manifests and configs are kept byte for byte, so an image keeps its digests.
 */
public final class OciArchive {

    private final ImageStore store;

    /** Imports into and exports from {@code store}. */
    public OciArchive(ImageStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Loads every image the layout tar at {@code tar} lists. An entry's ref.name is its name when
     * it is a full reference ({@code host/repo:tag}, anything with '/' or ':'); a bare tag
     * ({@code latest}) names {@code repository} with that tag, or is dropped when
     * {@code repository} is {@code null}. Indexes are followed to the manifest for this host's
     * platform.
     */
    public List<Image> load(Path tar, ImageReference repository) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 256 * 1024)) {
            return load(in, tar.toString(), repository);
        }
    }

    /** As {@link #load(Path, ImageReference)}, from a stream (not closed). */
    public List<Image> load(InputStream tar, String name, ImageReference repository) throws IOException {
        ArchiveContents contents = ArchiveContents.read(tar, store.blobs(), name);
        try {
            if (!contents.has("oci-layout")) {
                throw new ImageException("load oci-archive", name, "has no oci-layout file");
            }
            OciLayoutJson layout = ImageJson.read(contents.bytes("oci-layout"), OciLayoutJson.class, name + ":oci-layout");
            if (!BlobStore.LAYOUT_VERSION.equals(layout.imageLayoutVersion())) {
                throw new ImageException("load oci-archive", name + ":oci-layout",
                        "imageLayoutVersion '" + layout.imageLayoutVersion() + "' is not " + BlobStore.LAYOUT_VERSION);
            }
            IndexJson index = ImageJson.read(contents.bytes("index.json"), IndexJson.class, name + ":index.json");
            List<Image> result = new ArrayList<>();
            List<DescriptorJson> manifests = index.manifests() == null ? List.of() : index.manifests();
            for (int i = 0; i < manifests.size(); i++) {
                String where = name + ":index.json manifests[" + i + "]";
                Descriptor top = OciTranslator.descriptor(manifests.get(i), where);
                Descriptor manifest = chooseManifest(contents, top, where);
                importManifest(contents, manifest, where);
                List<ImageReference> names = new ArrayList<>();
                String refName = top.annotations().get(Descriptor.REF_NAME);
                if (refName != null) {
                    ImageReference ref = nameFor(refName, repository, where);
                    if (ref != null) {
                        names.add(ref);
                    }
                }
                result.add(store.register(manifest, names));
            }
            return result;
        } finally {
            contents.discardUnused(store.referencedBlobs());
        }
    }

    private static ImageReference nameFor(String refName, ImageReference repository, String where) throws ImageException {
        try {
            if (refName.contains("/") || refName.contains(":") || refName.contains("@")) {
                return ImageReference.parse(refName);
            }
            return repository == null ? null : repository.withTag(refName);
        } catch (IllegalArgumentException e) {
            throw new ImageException("load oci-archive", where, "ref.name: " + e.getMessage(), e);
        }
    }

    private static String blobPath(Digest d) {
        return "blobs/sha256/" + d.hex();
    }

    /** Follows indexes down to the manifest for this host. */
    private Descriptor chooseManifest(ArchiveContents contents, Descriptor d, String where) throws IOException {
        for (int depth = 0; MediaTypes.isIndex(d.mediaType()); depth++) {
            if (depth > 4) {
                throw new ImageException("load oci-archive", where, "indexes nested too deep");
            }
            Descriptor indexBlob = contents.store(blobPath(d.digest()), d.mediaType(), d.digest());
            IndexJson nested = ImageJson.read(store.blobs().read(indexBlob.digest()), IndexJson.class,
                    where + " index " + d.digest());
            Platform host = Platform.host();
            Descriptor chosen = null;
            List<String> seen = new ArrayList<>();
            List<DescriptorJson> entries = nested.manifests() == null ? List.of() : nested.manifests();
            for (int i = 0; i < entries.size(); i++) {
                Descriptor candidate = OciTranslator.descriptor(entries.get(i), where + " index " + d.digest()
                        + " manifests[" + i + "]");
                Platform p = candidate.platform();
                seen.add(p == null ? "(none)" : p.os() + "/" + p.architecture());
                if (p == null || (p.os().equals(host.os()) && p.architecture().equals(host.architecture()))) {
                    chosen = candidate;
                    break;
                }
            }
            if (chosen == null) {
                throw new ImageException("load oci-archive", where, "index " + d.digest() + " has no manifest for "
                        + host.os() + "/" + host.architecture() + ", only " + seen);
            }
            d = chosen;
        }
        if (!MediaTypes.isManifest(d.mediaType())) {
            throw new ImageException("load oci-archive", where, "media type '" + d.mediaType() + "' is not an image manifest");
        }
        return d;
    }

    private void importManifest(ArchiveContents contents, Descriptor manifest, String where) throws IOException {
        Descriptor stored = contents.store(blobPath(manifest.digest()), manifest.mediaType(), manifest.digest());
        String what = where + " manifest " + manifest.digest();
        ImageManifest parsed = OciTranslator.manifest(
                ImageJson.read(store.blobs().read(stored.digest()), ManifestJson.class, what), what);
        contents.store(blobPath(parsed.config().digest()), parsed.config().mediaType(), parsed.config().digest());
        for (Descriptor layer : parsed.layers()) {
            contents.store(blobPath(layer.digest()), layer.mediaType(), layer.digest());
        }
    }

    /**
     * Writes the images {@code namesOrIds} resolve to as an OCI layout in {@code dir} (created; must
     * be absent or empty). An image named by a reference gets that ref.name; one named by ID gets all
     * its names, or an unnamed entry if it has none.
     */
    public void saveLayout(List<String> namesOrIds, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> existing = Files.list(dir)) {
            if (existing.findAny().isPresent()) {
                throw new ImageException("save oci layout", dir.toString(), "directory is not empty");
            }
        }
        Map<Digest, Set<ImageReference>> names = new LinkedHashMap<>();
        Map<Digest, Image> images = new LinkedHashMap<>();
        for (String nameOrId : namesOrIds) {
            Image image = store.inspect(nameOrId);
            images.putIfAbsent(image.manifestDigest(), image);
            Set<ImageReference> set = names.computeIfAbsent(image.manifestDigest(), d -> new LinkedHashSet<>());
            ImageReference typed = parseOrNull(nameOrId);
            if (typed != null && image.names().contains(typed)) {
                set.add(typed);
            } else {
                set.addAll(image.names());
            }
        }
        BlobStore out = new BlobStore(dir);
        List<Descriptor> index = new ArrayList<>();
        for (Image image : images.values()) {
            copy(out, MediaTypes.OCI_MANIFEST, image.manifestDigest());
            for (Descriptor blob : ImageStore.blobsOf(image)) {
                copy(out, blob.mediaType(), blob.digest());
            }
            Descriptor manifest = new Descriptor(MediaTypes.OCI_MANIFEST, image.manifestDigest(),
                    store.blobs().size(image.manifestDigest()));
            Set<ImageReference> imageNames = names.get(image.manifestDigest());
            if (imageNames.isEmpty()) {
                index.add(manifest);
            }
            for (ImageReference name : imageNames) {
                index.add(manifest.withAnnotations(Map.of(Descriptor.REF_NAME, name.toString())));
            }
        }
        out.updateIndex(entries -> index);
        Trees.delete(dir.resolve("ingest")); // the BlobStore's scratch space is not part of a layout
    }

    /** Writes the images as a tar of an OCI layout ({@code oci-archive}) at {@code tar}. */
    public void save(List<String> namesOrIds, Path tar) throws IOException {
        Path scratch = store.scratch("oci-save");
        try {
            Path layout = scratch.resolve("layout");
            saveLayout(namesOrIds, layout);
            try (ArchiveWriter out = new ArchiveWriter(tar)) {
                out.file("oci-layout", Files.readAllBytes(layout.resolve("oci-layout")));
                out.file("index.json", Files.readAllBytes(layout.resolve("index.json")));
                out.directory("blobs");
                out.directory("blobs/sha256");
                List<Path> blobs;
                try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
                    blobs = files.sorted().toList();
                }
                for (Path blob : blobs) {
                    try (InputStream in = Files.newInputStream(blob)) {
                        out.file("blobs/sha256/" + blob.getFileName(), Files.size(blob), in);
                    }
                }
                out.commit();
            }
        } finally {
            Trees.delete(scratch);
        }
    }

    private void copy(BlobStore out, String mediaType, Digest digest) throws IOException {
        if (!out.contains(digest)) {
            try (InputStream in = store.blobs().open(digest)) {
                out.write(mediaType, in, digest);
            }
        }
    }

    private static ImageReference parseOrNull(String text) {
        try {
            return ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
