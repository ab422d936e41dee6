package io.drydock.runtime.image.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How to talk to registries.
 *
 * @param tlsVerify       false allows plain HTTP to any registry; localhost registries
 *                        ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) are always spoken to over
 *                        plain HTTP, as docker does
 * @param chunkSize       blobs larger than this are uploaded in PATCH chunks of this size, smaller
 *                        ones in one PUT
 * @param blobAttempts    how many times one blob upload is tried before the push fails
 * @param requestTimeout  timeout of each request
 */
public record RegistryOptions(boolean tlsVerify, long chunkSize, int blobAttempts, Duration requestTimeout) {

    /** Validates. */
    public RegistryOptions {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("registry options: chunkSize must be positive, is " + chunkSize);
        }
        if (blobAttempts < 1) {
            throw new IllegalArgumentException("registry options: blobAttempts must be at least 1, is " + blobAttempts);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** TLS verified (localhost excepted), 8 MiB chunks, 3 attempts per blob, 5 minutes per request. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(true, 8L << 20, 3, Duration.ofMinutes(5));
    }

    /** These options with {@code tlsVerify}. */
    public RegistryOptions withTlsVerify(boolean verify) {
        return new RegistryOptions(verify, chunkSize, blobAttempts, requestTimeout);
    }

    /** These options with {@code bytes} as chunk size. */
    public RegistryOptions withChunkSize(long bytes) {
        return new RegistryOptions(tlsVerify, bytes, blobAttempts, requestTimeout);
    }

    /** These options with {@code attempts} per blob. */
    public RegistryOptions withBlobAttempts(int attempts) {
        return new RegistryOptions(tlsVerify, chunkSize, attempts, requestTimeout);
    }
}
