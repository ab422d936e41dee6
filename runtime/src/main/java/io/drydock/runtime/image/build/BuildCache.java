package io.drydock.runtime.image.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drydock.runtime.image.Descriptor;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.ImageException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The build cache: what a build step produced, by its {@link BuildCacheKeys cache key}. A step that
 * adds a layer remembers the layer blob (in the image store's blob store); every step remembers
 * when it first ran, so a fully cached rebuild reproduces the same image config and digest. One JSON
 * file per key under a directory; an entry whose layer blob was garbage-collected is a miss.
 */
public final class BuildCache {

    /** A remembered step: its layer (null for a config-only step) and when it first ran. */
    public record Entry(Descriptor layer, Instant created) {
        /** Validates. */
        public Entry {
            Objects.requireNonNull(created, "created");
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EntryJson(int version, String mediaType, String digest, Long size, String created) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Path dir;

    /** A cache in {@code dir} (created if missing). */
    public BuildCache(Path dir) throws IOException {
        this.dir = Files.createDirectories(Objects.requireNonNull(dir, "dir"));
    }

    /** The cache directory. */
    public Path directory() {
        return dir;
    }

    /** The entry for {@code key}, if any. */
    public Optional<Entry> get(Digest key) throws IOException {
        Path file = dir.resolve(key.hex() + ".json");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            EntryJson json = JSON.readValue(bytes, EntryJson.class);
            if (json.version() != 1) {
                return Optional.empty();
            }
            Descriptor layer = json.digest() == null ? null
                    : new Descriptor(json.mediaType(), Digest.parse(json.digest()), json.size());
            return Optional.of(new Entry(layer, Instant.parse(json.created())));
        } catch (IOException | RuntimeException e) {
            throw new ImageException("read build cache entry", file.toString(), e.getMessage(), e);
        }
    }

    /** Remembers {@code entry} for {@code key}, replacing what was there. */
    public void put(Digest key, Entry entry) throws IOException {
        Descriptor layer = entry.layer();
        EntryJson json = new EntryJson(1, layer == null ? null : layer.mediaType(),
                layer == null ? null : layer.digest().toString(), layer == null ? null : layer.size(),
                entry.created().toString());
        Path temp = dir.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.write(temp, JSON.writeValueAsBytes(json));
            try {
                Files.move(temp, dir.resolve(key.hex() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new ImageException("write build cache entry", dir.toString(), "cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Forgets every entry. */
    public void clear() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
