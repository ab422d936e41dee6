package io.drydock.runtime.image;

import java.util.Map;

/**
 * Where the store's bytes are ({@code drydock system df}): blobs as stored, unpacked layers shared
 * by every container, and each container's private copy-on-write upper directory. Apparent sizes.
 *
 * @param blobBytes         bytes in the blob store (compressed layers, configs, manifests)
 * @param sharedLayerBytes  bytes in unpacked layer directories, each counted once however many
 *                          containers use it
 * @param upperBytesBySnapshot bytes in each snapshot's upper directory, by snapshot key
 */
public record DiskUsage(long blobBytes, long sharedLayerBytes, Map<String, Long> upperBytesBySnapshot) {
    /** Copies. */
    public DiskUsage {
        upperBytesBySnapshot = Map.copyOf(upperBytesBySnapshot);
    }

    /** The sum of all upper directories. */
    public long privateBytes() {
        return upperBytesBySnapshot.values().stream().mapToLong(Long::longValue).sum();
    }
}
