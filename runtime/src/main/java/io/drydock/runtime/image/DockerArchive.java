package io.drydock.runtime.image;

import io.drydock.runtime.image.wire.DockerArchiveEntryJson;
import io.drydock.runtime.image.wire.ImageConfigJson;
import io.drydock.runtime.image.wire.ImageJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Loads and saves docker-archive tars, the format of {@code docker save}/{@code docker load}: a
 * {@code manifest.json} listing, per image, its config file, its tags ({@code RepoTags}) and its
 * layer tars. Loading accepts both the classic layout ({@code <id>/layer.tar}, with symlinked
 * duplicates) and Docker 25's ({@code blobs/sha256/<hex>}); saving writes the classic one with
 * uncompressed layers, so each layer file's digest is its DiffID.
 */
public final class DockerArchive {

    private final ImageStore store;

    /** Imports into and exports from {@code store}. */
    public DockerArchive(ImageStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Loads every image in the archive at {@code tar}, tagging each with its RepoTags. */
    public List<Image> load(Path tar) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 256 * 1024)) {
            return load(in, tar.toString());
        }
    }

    /**
     * Loads every image in the archive read from {@code tar} (not closed); {@code name} names it in errors.
     *
     * @throws ImageException if it is not a docker-archive, a file is missing, or a layer's content
     *                        is not the DiffID the config gives
     */
    public List<Image> load(InputStream tar, String name) throws IOException {
        ArchiveContents contents = ArchiveContents.read(tar, store.blobs(), name);
        try {
            if (!contents.has("manifest.json")) {
                throw new ImageException("load docker-archive", name, "has no manifest.json");
            }
            DockerArchiveEntryJson[] entries = ImageJson.read(contents.bytes("manifest.json"),
                    DockerArchiveEntryJson[].class, name + ":manifest.json");
            List<Image> result = new ArrayList<>();
            for (int i = 0; i < entries.length; i++) {
                result.add(loadOne(contents, entries[i], name + ":manifest.json[" + i + "]"));
            }
            return result;
        } finally {
            contents.discardUnused(store.referencedBlobs());
        }
    }

    private Image loadOne(ArchiveContents contents, DockerArchiveEntryJson entry, String where) throws IOException {
        if (entry.config() == null || entry.layers() == null) {
            throw new ImageException("load docker-archive", where, "Config and Layers are required");
        }
        byte[] configBytes = contents.bytes(entry.config());
        ImageConfig config = OciTranslator.config(
                ImageJson.read(configBytes, ImageConfigJson.class, where + ".Config"), where + ".Config");
        if (config.diffIds().size() != entry.layers().size()) {
            throw new ImageException("load docker-archive", where, entry.layers().size() + " Layers but the config has "
                    + config.diffIds().size() + " diff_ids");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < entry.layers().size(); i++) {
            String file = entry.layers().get(i);
            Digest diffId = config.diffIds().get(i);
            if (contents.isGzip(file)) {
                // Check the DiffID now rather than at first run: a bad archive should fail to load.
                Digest actual;
                try (InputStream in = GzipCompressorInputStream.builder().setInputStream(contents.open(file))
                        .setDecompressConcatenated(true).get()) {
                    actual = Digest.of(in);
                }
                if (!actual.equals(diffId)) {
                    throw new DigestMismatchException("load docker-archive", where + " layer " + file, diffId, actual);
                }
                layers.add(contents.store(file, MediaTypes.OCI_LAYER_TAR_GZIP, null));
            } else {
                layers.add(contents.store(file, MediaTypes.OCI_LAYER_TAR, diffId));
            }
        }
        List<ImageReference> names = new ArrayList<>();
        for (String tag : entry.repoTags() == null ? List.<String>of() : entry.repoTags()) {
            try {
                names.add(ImageReference.parse(tag));
            } catch (IllegalArgumentException e) {
                throw new ImageException("load docker-archive", where + ".RepoTags", e.getMessage(), e);
            }
        }
        return store.commit(configBytes, layers, names);
    }

    /**
     * Saves the images {@code namesOrIds} resolve to into a docker-archive at {@code tar}. An image
     * named by a reference carries that tag; one named by ID carries all its tags.
     */
    public void save(List<String> namesOrIds, Path tar) throws IOException {
        Map<Digest, Set<ImageReference>> tags = new LinkedHashMap<>();
        Map<Digest, Image> images = new LinkedHashMap<>();
        for (String nameOrId : namesOrIds) {
            Image image = store.inspect(nameOrId);
            images.putIfAbsent(image.manifestDigest(), image);
            Set<ImageReference> imageTags = tags.computeIfAbsent(image.manifestDigest(), d -> new LinkedHashSet<>());
            ImageReference asTyped = parseOrNull(nameOrId);
            if (asTyped != null && image.names().contains(asTyped)) {
                imageTags.add(asTyped);
            } else {
                imageTags.addAll(image.names());
            }
        }
        List<DockerArchiveEntryJson> manifest = new ArrayList<>();
        Set<String> written = new LinkedHashSet<>();
        try (ArchiveWriter out = new ArchiveWriter(tar)) {
            for (Image image : images.values()) {
                String configName = image.id().hex() + ".json";
                if (written.add(configName)) {
                    out.file(configName, store.blobs().read(image.id()));
                }
                List<String> layerNames = new ArrayList<>();
                for (int i = 0; i < image.manifest().layers().size(); i++) {
                    Digest diffId = image.config().diffIds().get(i);
                    String layerName = diffId.hex() + "/layer.tar";
                    layerNames.add(layerName);
                    if (written.add(layerName)) {
                        out.directory(diffId.hex());
                        writeUncompressedLayer(out, layerName, image.manifest().layers().get(i).digest(), diffId);
                    }
                }
                manifest.add(new DockerArchiveEntryJson(configName,
                        tags.get(image.manifestDigest()).stream().map(ImageReference::familiar).toList(), layerNames));
            }
            out.file("manifest.json", ImageJson.write(manifest));
            out.commit();
        }
    }

    private void writeUncompressedLayer(ArchiveWriter out, String name, Digest blob, Digest diffId) throws IOException {
        boolean gzip;
        try (InputStream in = store.blobs().open(blob)) {
            byte[] magic = in.readNBytes(2);
            gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        }
        if (!gzip) {
            try (InputStream in = store.blobs().open(blob)) {
                out.file(name, store.blobs().size(blob), in);
            }
            return;
        }
        // A tar entry needs its size up front: decompress to scratch space first.
        Path scratch = store.scratch("save");
        try {
            Path layer = scratch.resolve("layer.tar");
            Digest actual;
            try (InputStream in = GzipCompressorInputStream.builder().setInputStream(store.blobs().open(blob))
                    .setDecompressConcatenated(true).get();
                 OutputStream file = Files.newOutputStream(layer)) {
                in.transferTo(file);
            }
            try (InputStream in = Files.newInputStream(layer)) {
                actual = Digest.of(in);
            }
            if (!actual.equals(diffId)) {
                throw new DigestMismatchException("save docker-archive", "layer " + blob, diffId, actual);
            }
            try (InputStream in = Files.newInputStream(layer)) {
                out.file(name, Files.size(layer), in);
            }
        } finally {
            Trees.delete(scratch);
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
