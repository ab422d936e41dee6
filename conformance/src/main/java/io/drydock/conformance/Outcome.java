package io.drydock.conformance;

import java.time.Duration;
import java.util.Objects;

/**
 * One test's result on one runtime.
 *
 * @param id       stable id: area key and method name, e.g. {@code isolation.capabilities_equalTheConfiguredSets}
 * @param name     what it checks, in words
 * @param area     its area
 * @param section  the runtime-spec section or claim it checks
 * @param level    MUST or SHOULD
 * @param status   what happened
 * @param message  for a failure what was expected and seen, for a skip its reason; empty on a pass
 * @param duration how long it took
 */
public record Outcome(String id, String name, Area area, String section, Level level, Status status, String message,
                      Duration duration) {
    /** What happened to a test. */
    public enum Status {
        PASSED("passed"),
        FAILED("failed"),
        /** Skipped for a capability the host lacks, which the message names. */
        SKIPPED("skipped"),
        /** Skipped without a stated host capability: withholds the certificate. */
        SKIPPED_UNDECLARED("skipped (undeclared)"),
        /** The test does not apply to this kind of runtime (drydock's engine on a bare OCI runtime, runc's command line on a VM). */
        NOT_APPLICABLE("not applicable");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** The word a person reads. */
        public String label() {
            return label;
        }
    }

    public Outcome {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("outcome " + id + ": duration must not be negative, was " + duration);
        }
    }
}
