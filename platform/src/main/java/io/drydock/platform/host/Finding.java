package io.drydock.platform.host;

import java.util.Objects;

/**
 * One thing the host offers or lacks, and what that means for drydock.
 *
 * @param name    what was checked, e.g. "user namespaces"
 * @param status  whether drydock can use it
 * @param detail  what was found on this host
 * @param meaning what this means for drydock (what works, what is skipped)
 */
public record Finding(String name, Status status, String detail, String meaning) {
    public enum Status { OK, LIMITED, MISSING }

    public Finding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(meaning, "meaning");
    }
}
