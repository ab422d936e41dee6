package io.drydock.runtime.spec;

import java.util.Objects;

/**
 * One validation finding.
 *
 * @param check   the {@link SpecCheck#name()} that found it
 * @param field   JSON field path, e.g. {@code linux.namespaces[2].type}, or {@code mounts[1].destination}
 * @param message what is wrong, for a user
 */
public record Violation(String check, String field, String message) {
    public Violation {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
