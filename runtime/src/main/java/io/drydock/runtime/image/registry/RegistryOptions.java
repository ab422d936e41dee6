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
 * @param credentials     user name and password for registries that ask (Basic, or to get a Bearer
 *                        token), or null for anonymous access
 */
public record RegistryOptions(boolean tlsVerify, long chunkSize, int blobAttempts, Duration requestTimeout,
                              Credentials credentials) {

    /** A user name and password (or token) for a registry. */
    public record Credentials(String username, String password) {
        /** Validates. */
        public Credentials {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        /** Parses {@code user:password}. */
        public static Credentials parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("credentials must be USER:PASSWORD");
            }
            return new Credentials(text.substring(0, colon), text.substring(colon + 1));
        }

        @Override
        public String toString() {
            return "Credentials[" + username + ", password hidden]";
        }
    }

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
        return new RegistryOptions(true, 8L << 20, 3, Duration.ofMinutes(5), null);
    }

    /** These options with {@code tlsVerify}. */
    public RegistryOptions withTlsVerify(boolean verify) {
        return new RegistryOptions(verify, chunkSize, blobAttempts, requestTimeout, credentials);
    }

    /** These options with {@code bytes} as chunk size. */
    public RegistryOptions withChunkSize(long bytes) {
        return new RegistryOptions(tlsVerify, bytes, blobAttempts, requestTimeout, credentials);
    }

    /** These options with {@code attempts} per blob. */
    public RegistryOptions withBlobAttempts(int attempts) {
        return new RegistryOptions(tlsVerify, chunkSize, attempts, requestTimeout, credentials);
    }

    /** These options with {@code login} (null for anonymous). */
    public RegistryOptions withCredentials(Credentials login) {
        return new RegistryOptions(tlsVerify, chunkSize, blobAttempts, requestTimeout, login);
    }
}
