package io.drydock.runtime.image;

import java.io.InputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest as the OCI image spec writes it: {@code sha256:<64 lower-case hex>}.
 *
 * <p>Only sha256 is accepted: it is the one algorithm every OCI implementation must support, and a
 * store that mixes algorithms could hold one blob under two names.
 *
 * @param hex the 64 lower-case hex digits of the SHA-256 hash
 */
public record Digest(String hex) implements Comparable<Digest> {

    /** The algorithm prefix, without the colon. */
    public static final String ALGORITHM = "sha256";

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** Validates the hex part. */
    public Digest {
        Objects.requireNonNull(hex, "hex");
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("digest hex must be 64 lower-case hex digits, got '" + hex + "'");
        }
    }

    /**
     * Parses {@code sha256:<hex>}.
     *
     * @throws IllegalArgumentException naming the text when it is not a sha256 digest
     */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest");
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("digest '" + text + "' lacks the 'sha256:' prefix");
        }
        String algorithm = text.substring(0, colon);
        if (!ALGORITHM.equals(algorithm)) {
            throw new IllegalArgumentException("digest '" + text + "' uses algorithm '" + algorithm
                    + "'; only sha256 is supported");
        }
        try {
            return new Digest(text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("digest '" + text + "' is malformed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code text} parses as a digest. */
    public static boolean isDigest(String text) {
        return text != null && text.startsWith(ALGORITHM + ":") && HEX.matcher(text.substring(7)).matches();
    }

    /** The digest of {@code bytes}. */
    public static Digest of(byte[] bytes) {
        return fromHash(newSha256().digest(bytes));
    }

    /** Reads {@code in} to its end and returns the digest of what was read; does not close it. */
    public static Digest of(InputStream in) throws IOException {
        MessageDigest sha = newSha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
        }
        return fromHash(sha.digest());
    }

    /** Wraps a finished SHA-256 hash. */
    public static Digest fromHash(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, got " + sha256.length);
        }
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    /** A fresh SHA-256 {@link MessageDigest}; every JDK has one. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** The first 12 hex digits, the short form {@code docker images} shows. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest other) {
        return hex.compareTo(other.hex);
    }

    /** {@code sha256:<hex>}. */
    @Override
    public String toString() {
        return ALGORITHM + ":" + hex;
    }
}
