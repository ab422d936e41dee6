package io.drydock.runtime.image;

import java.util.List;
import java.util.Objects;

/**
 * An image in the store: its manifest, its configuration and the names it is known by.
 *
 * @param manifestDigest the digest of the manifest, what {@code name@digest} resolves to
 * @param manifest       the manifest
 * @param config         the parsed configuration
 * @param names          the references tagged to it, possibly none
 */
public record Image(Digest manifestDigest, ImageManifest manifest, ImageConfig config, List<ImageReference> names) {

    /** Validates and copies. */
    public Image {
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
        names = List.copyOf(names);
        if (manifest.layers().size() != config.diffIds().size()) {
            throw new IllegalArgumentException("image " + manifestDigest + ": manifest has "
                    + manifest.layers().size() + " layers but config.rootfs.diff_ids has " + config.diffIds().size());
        }
    }

    /** The image ID as docker shows it: the config's digest. */
    public Digest id() {
        return manifest.config().digest();
    }

    /** Total size of the layer blobs as stored (compressed where they are). */
    public long layersSize() {
        return manifest.layers().stream().mapToLong(Descriptor::size).sum();
    }
}
