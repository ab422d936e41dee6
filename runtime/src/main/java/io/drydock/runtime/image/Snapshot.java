package io.drydock.runtime.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A container's root filesystem: its image's layers, read-only and shared, under its own
 * copy-on-write upper directory.
 *
 * @param key    the snapshot's name, usually the container id
 * @param layers the image layers' DiffIDs, bottom first
 * @param upper  the container's private changes
 * @param work   overlayfs's work directory
 * @param rootfs where the merged tree is mounted
 */
public record Snapshot(String key, List<Digest> layers, Path upper, Path work, Path rootfs) {
    /** Validates and copies. */
    public Snapshot {
        Objects.requireNonNull(key, "key");
        layers = List.copyOf(layers);
        Objects.requireNonNull(upper, "upper");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(rootfs, "rootfs");
    }
}
