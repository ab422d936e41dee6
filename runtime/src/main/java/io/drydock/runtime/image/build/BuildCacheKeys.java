package io.drydock.runtime.image.build;

import io.drydock.runtime.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Cache keys of build steps. A step's key hashes its parent's key and the instruction as it will
 * run (variables expanded); a COPY or ADD also hashes the content of what it copies. The parent of
 * the first step is the base image's manifest digest; after a step that adds a layer, the parent of
 * the next step also covers that layer's digest, so a step re-run with a different result
 * invalidates everything after it.
 */
public final class BuildCacheKeys {

    private static final String VERSION = "drydock-build-cache-v1";

    private BuildCacheKeys() {
    }

    /** The starting key of a stage built on the image with manifest {@code baseManifest}, or on scratch (null). */
    public static Digest base(Digest baseManifest) {
        return hash(VERSION, "FROM", baseManifest == null ? "scratch" : baseManifest.toString());
    }

    /**
     * The key of a step.
     *
     * @param parent      the previous key
     * @param instruction the instruction with its variables expanded
     * @param content     the digest of the copied content for COPY/ADD, else null
     */
    public static Digest step(Digest parent, String instruction, Digest content) {
        return hash(VERSION, parent.toString(), instruction, content == null ? "" : content.toString());
    }

    /** The parent of the step after one whose key is {@code step} and that added {@code layer}. */
    public static Digest afterLayer(Digest step, Digest layer) {
        return hash(VERSION, step.toString(), "layer", layer.toString());
    }

    /** A RUN step's key part for its environment: every variable visible to it, sorted. */
    public static String environment(Map<String, String> variables) {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(variables).forEach((k, v) -> b.append(k).append('=').append(v).append('\0'));
        return b.toString();
    }

    /**
     * The digest of the files at {@code sources} (each a file, directory or symlink): for every
     * entry in name order, its path relative to its source, type, permissions, and its bytes or
     * link target. Owners and times do not count: COPY sets the owner, and a touched but unchanged
     * file should not miss the cache.
     */
    public static Digest content(List<Path> sources) throws IOException {
        return content(sources, p -> false);
    }

    /** As {@link #content(List)}, leaving out the entries {@code skip} says (ignored context files). */
    public static Digest content(List<Path> sources, java.util.function.Predicate<Path> skip) throws IOException {
        MessageDigest sha = Digest.newSha256();
        for (Path source : sources) {
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(source)) {
                entries = walk.filter(p -> p.equals(source) || !skip.test(p)).sorted().toList();
            }
            update(sha, "source", source.getFileName() == null ? "" : source.getFileName().toString());
            for (Path p : entries) {
                String rel = source.relativize(p).toString();
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                update(sha, "entry", rel, Integer.toOctalString(mode));
                if (Files.isSymbolicLink(p)) {
                    update(sha, "link", Files.readSymbolicLink(p).toString());
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        update(sha, "file", Digest.of(in).toString());
                    }
                }
            }
        }
        return Digest.fromHash(sha.digest());
    }

    private static Digest hash(String... parts) {
        MessageDigest sha = Digest.newSha256();
        update(sha, parts);
        return Digest.fromHash(sha.digest());
    }

    private static void update(MessageDigest sha, String... parts) {
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            // Length-prefixed, so that ("ab","c") and ("a","bc") differ.
            sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) ':');
            sha.update(bytes);
        }
    }
}
