package io.drydock.runtime.image.build;

import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import java.io.IOException;

/** Fetches a FROM image the store lacks (from a registry, usually) and returns it, now in the store. */
@FunctionalInterface
public interface BaseImagePuller {
    /** Pulls {@code ref} into the store the build uses. */
    Image pull(ImageReference ref) throws IOException;
}
