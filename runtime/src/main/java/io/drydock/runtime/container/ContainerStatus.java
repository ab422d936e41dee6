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
        if (r.init() == null) {
            return r.phase() == ContainerRecord.Phase.CREATING ? CREATING : STOPPED;
        }
        if (!r.init().isAlive(proc)) {
            return STOPPED;
        }
        return switch (r.phase()) {
            case CREATING -> CREATING;
            case CREATED -> CREATED;
            case STARTED -> RUNNING;
        };
    }
}
