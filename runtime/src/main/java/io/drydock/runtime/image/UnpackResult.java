package io.drydock.runtime.image;

import java.util.List;
import java.util.Objects;

/**
 * What {@link LayerUnpacker#unpack} did.
 *
 * @param diffId  the digest of the uncompressed tar stream
 * @param entries how many tar entries were read
 * @param skipped what was not reproduced, one human-readable line each (a device node the kernel
 *                refused, an xattr Java cannot set)
 */
public record UnpackResult(Digest diffId, long entries, List<String> skipped) {
    /** Validates and copies. */
    public UnpackResult {
        Objects.requireNonNull(diffId, "diffId");
        skipped = List.copyOf(skipped);
    }
}
