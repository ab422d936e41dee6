package io.drydock.runtime.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the engine keeps one container's bytes, sorted by what they are, for accounting: what the
 * container wrote (its upper directory's content and its log), what the engine keeps on disk for
 * it besides (the rest of its snapshot and its record), and what lives on the state root,
 * tmpfs on a usual host, only while it exists.
 *
 * @param id          the container id
 * @param upper       its overlay upper directory (its changes to the image), or {@code null} when it
 *                    has no snapshot
 * @param log         its log file (may not exist: a foreground container has none)
 * @param snapshot    its snapshot's entries in the image store (record, upper and work directories;
 *                    one directory in the earlier layout), one of which is or holds {@code upper};
 *                    empty when it has no snapshot
 * @param record      its record ({@code ps -a}, {@code inspect})
 * @param runState    its directories on the state root: bundle, runtime state, mount point (any
 *                    may be absent, e.g. once it has exited)
 */
public record ContainerStorage(String id, Path upper, Path log, List<Path> snapshot, Path record, List<Path> runState) {
    /** Validates and copies. */
    public ContainerStorage {
        ContainerNames.checkId(id);
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(record, "record");
        snapshot = List.copyOf(snapshot);
        if ((upper == null) != snapshot.isEmpty() || upper != null && snapshot.stream().noneMatch(upper::startsWith)) {
            throw new IllegalArgumentException("upper " + upper + " must be or lie in one of the snapshot's entries "
                    + snapshot);
        }
        runState = List.copyOf(runState);
    }
}
