package io.drydock.runtime.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A name for an image, {@code [registry/]repository[:tag][@digest]}, normalised the way docker does:
 * no registry means {@code docker.io}, a one-component name on docker.io lives under {@code library/},
 * and a reference with neither tag nor digest means tag {@code latest}.
 *
 * @param registry   host[:port], e.g. {@code docker.io} or {@code localhost:5000}
 * @param repository path components, e.g. {@code library/busybox}
 * @param tag        the tag, or {@code null} when the reference names a digest only
 * @param digest     the manifest digest, or {@code null}
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

    /** The registry assumed when a name has none. */
    public static final String DEFAULT_REGISTRY = "docker.io";
    /** The tag assumed when a name has neither tag nor digest. */
    public static final String DEFAULT_TAG = "latest";

    // From the distribution spec's grammar: path components, tags and registry host names.
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:]+\\])(?::[0-9]{1,5})?");

    /** Validates every part. */
    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (!REGISTRY.matcher(registry).matches()) {
            throw new IllegalArgumentException("image reference: registry '" + registry + "' is not host[:port]");
        }
        if (repository.isEmpty() || repository.length() > 255) {
            throw new IllegalArgumentException("image reference: repository '" + repository
                    + "' must have 1 to 255 characters");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("image reference: repository '" + repository
                        + "' has an invalid component '" + component
                        + "' (lower-case letters, digits and single separators . _ __ -)");
            }
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("image reference: tag '" + tag + "' is invalid"
                    + " (up to 128 of letters, digits, '_', '.', '-', not starting with '.' or '-')");
        }
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("image reference: '" + registry + "/" + repository
                    + "' needs a tag or a digest");
        }
    }

    /**
     * Parses a reference such as {@code busybox}, {@code busybox:1.36}, {@code localhost:5000/a/b:t}
     * or {@code alpine@sha256:...}, applying docker's defaults.
     *
     * @throws IllegalArgumentException naming the text and the part that is wrong
     */
    public static ImageReference parse(String text) {
        Objects.requireNonNull(text, "image reference");
        try {
            return parseOrThrow(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid image reference '" + text + "': " + e.getMessage(), e);
        }
    }

    private static ImageReference parseOrThrow(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("it is empty");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = DEFAULT_REGISTRY;
        int firstSlash = rest.indexOf('/');
        if (firstSlash >= 0) {
            String first = rest.substring(0, firstSlash);
            // docker's rule: the first component is a registry when it looks like a host.
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
                registry = first;
                rest = rest.substring(firstSlash + 1);
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DEFAULT_REGISTRY;
        }
        if (registry.equals(DEFAULT_REGISTRY) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** The tag, if any. */
    public Optional<String> optionalTag() {
        return Optional.ofNullable(tag);
    }

    /** The digest, if any. */
    public Optional<Digest> optionalDigest() {
        return Optional.ofNullable(digest);
    }

    /** This reference with {@code newTag} and no digest. */
    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    /** {@code registry/repository}, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    /**
     * The short form docker prints: {@code busybox:latest} for {@code docker.io/library/busybox:latest},
     * the full form otherwise.
     */
    public String familiar() {
        String name;
        if (registry.equals(DEFAULT_REGISTRY)) {
            name = repository.startsWith("library/") && repository.indexOf('/', 8) < 0
                    ? repository.substring(8) : repository;
        } else {
            name = name();
        }
        return name + suffix();
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The fully qualified form, {@code registry/repository[:tag][@digest]}. */
    @Override
    public String toString() {
        return name() + suffix();
    }
}
