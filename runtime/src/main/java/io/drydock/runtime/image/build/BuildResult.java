package io.drydock.runtime.image.build;

import io.drydock.runtime.image.Image;
import java.util.Objects;

/**
 * A finished build.
 *
 * @param image       the image, registered in the store under the requested tags
 * @param steps       instructions executed or taken from the cache
 * @param cachedSteps how many of them came from the cache
 */
public record BuildResult(Image image, int steps, int cachedSteps) {
    /** Validates. */
    public BuildResult {
        Objects.requireNonNull(image, "image");
    }
}
