package io.drydock.conformance;

import java.util.List;

/** A runtime's verdict on this host. */
public enum Verdict {
    /** No MUST failure and nothing skipped. */
    CERTIFIED("certified"),
    /** No MUST failure; some tests skipped for capabilities the host lacks. */
    PARTIAL("partial"),
    /** A MUST failure, or a skip without a stated reason. */
    NOT_CERTIFIED("not certified");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The verdict for a runtime's outcomes: SHOULD failures are reported but do not withhold
     * the certificate; not-applicable areas count for nothing.
     */
    public static Verdict of(List<Outcome> outcomes) {
        boolean mustFailed = outcomes.stream()
            .anyMatch(o -> o.status() == Outcome.Status.FAILED && o.level() == Level.MUST);
        boolean undeclared = outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.SKIPPED_UNDECLARED);
        if (mustFailed || undeclared) {
            return NOT_CERTIFIED;
        }
        boolean skipped = outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.SKIPPED);
        return skipped ? PARTIAL : CERTIFIED;
    }
}
