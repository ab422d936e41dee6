package io.drydock.runtime.container;

import java.nio.file.Path;
import java.util.Locale;

/** The OCI runtime-spec statuses, derived from what drydock recorded and what the kernel says now. */
public enum ContainerStatus {
    CREATING, CREATED, RUNNING, STOPPED;

    /** The lower-case name the OCI state JSON uses. */
    public String ociName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Status of a recorded container, checking the init process under {@code proc}. */
    public static ContainerStatus of(ContainerRecord r, Path proc) {
        return of(r, proc, true);
    }

    /**
     * Status of a recorded container, checking the init process under {@code proc}. A created
     * container whose exec fifo is gone has been started: {@code start} removes the fifo as it
     * releases the init, so the record needs no rewrite for that step.
     *
     * @param execFifoPresent whether the container's exec fifo still exists
     */
    public static ContainerStatus of(ContainerRecord r, Path proc, boolean execFifoPresent) {
        if (r.init() == null) {
            return r.phase() == ContainerRecord.Phase.CREATING ? CREATING : STOPPED;
        }
        if (!r.init().isAlive(proc)) {
            return STOPPED;
        }
        return switch (r.phase()) {
            case CREATING -> CREATING;
            case CREATED -> execFifoPresent ? CREATED : RUNNING;
            case STARTED -> RUNNING;
        };
    }
}
