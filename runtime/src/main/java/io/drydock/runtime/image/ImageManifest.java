package io.drydock.runtime.image;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image manifest: the configuration and the layers, bottom layer first.
 *
 * @param config      the image configuration blob
 * @param layers      the layer blobs, bottom first
 * @param annotations manifest annotations
 */
public record ImageManifest(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {

    /** Validates and copies. */
    public ImageManifest {
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
