package io.drydock.bench;

import io.drydock.runtime.engine.ContainerStorage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One container's allocated bytes ({@link AllocatedBytes}), by what they are.
 *
 * @param writes   what the container itself wrote: the content of its overlay upper directory
 *                 (not the directory itself) and its log
 * @param metadata what the engine keeps on disk for it besides: the upper directory's own blocks,
 *                 overlayfs's work directory (and the {@code work/work} the kernel makes in it),
 *                 the snapshot's record (and its directory in the earlier layout), and its
 *                 container record
 * @param runState what it has on the state root (tmpfs on a usual host, so memory, not disk)
 */
record ContainerBytes(long writes, long metadata, long runState) {
    /** Validates. */
    ContainerBytes {
        if (writes < 0 || metadata < 0 || runState < 0) {
            throw new IllegalArgumentException("negative bytes: writes " + writes + ", metadata " + metadata
                    + ", runState " + runState);
        }
    }

    /** Counts the files of {@code storage} as they are now. */
    static ContainerBytes of(ContainerStorage storage) throws IOException {
        long upperContent = storage.upper() == null ? 0 : AllocatedBytes.contents(storage.upper());
        long snapshot = 0;
        for (Path p : storage.snapshot()) {
            snapshot += AllocatedBytes.tree(p);
        }
        long run = 0;
        for (Path p : storage.runState()) {
            run += AllocatedBytes.tree(p);
        }
        return new ContainerBytes(upperContent + AllocatedBytes.tree(storage.log()),
                snapshot - upperContent + AllocatedBytes.tree(storage.record()), run);
    }

    /** Its bytes on disk: writes and metadata. */
    long disk() {
        return writes + metadata;
    }
}
