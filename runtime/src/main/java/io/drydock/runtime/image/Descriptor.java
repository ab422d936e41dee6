package io.drydock.runtime.image;

import java.util.Map;
import java.util.Objects;

/**
 * A reference to content: what it is, its digest and size.
 *
 * @param mediaType   the content's media type
 * @param digest      its digest
 * @param size        its size in bytes
 * @param annotations annotations, possibly empty
 * @param platform    the platform of a manifest listed in an index, or {@code null}
 */
public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations,
                         Platform platform) {

    /** The annotation that names a tag in an image layout's {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** Validates and copies. */
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (mediaType.isBlank()) {
            throw new IllegalArgumentException("descriptor " + digest + ": mediaType is blank");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest + ": size " + size + " is negative");
        }
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** A descriptor without annotations or platform. */
    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, Map.of(), null);
    }

    /** This descriptor with {@code newAnnotations}. */
    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, newAnnotations, platform);
    }
}
