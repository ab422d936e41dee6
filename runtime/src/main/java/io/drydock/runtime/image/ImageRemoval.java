package io.drydock.runtime.image;

import java.util.List;

/**
 * What {@link ImageStore#remove} did.
 *
 * @param untagged      the names removed
 * @param deleted       whether the image itself is gone (false when other names remain, or when a
 *                      forced removal left an in-use image untagged)
 * @param deletedBlobs  blobs deleted because nothing references them any more
 * @param deletedLayers unpacked layers deleted because no image or snapshot uses them
 */
public record ImageRemoval(List<ImageReference> untagged, boolean deleted, List<Digest> deletedBlobs,
                           List<Digest> deletedLayers) {
    /** Copies. */
    public ImageRemoval {
        untagged = List.copyOf(untagged);
        deletedBlobs = List.copyOf(deletedBlobs);
        deletedLayers = List.copyOf(deletedLayers);
    }
}
