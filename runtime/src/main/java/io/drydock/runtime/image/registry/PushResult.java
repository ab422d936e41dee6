package io.drydock.runtime.image.registry;

import io.drydock.runtime.image.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What a push did.
 *
 * @param manifestDigest the digest of the pushed manifest (what {@code name@digest} pulls)
 * @param uploaded       blobs uploaded
 * @param existing       blobs the registry already had in the repository (HEAD said so)
 * @param mounted        blobs mounted from another repository of the registry
 */
public record PushResult(Digest manifestDigest, List<Digest> uploaded, List<Digest> existing, List<Digest> mounted) {
    /** Validates and copies. */
    public PushResult {
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        uploaded = List.copyOf(uploaded);
        existing = List.copyOf(existing);
        mounted = List.copyOf(mounted);
    }
}
