package io.drydock.results.stats;

import io.drydock.results.schema.MachineInfo;
import java.util.List;
import java.util.Objects;

/**
 * Whether two results come from the same host, as far as their files can tell. A drydock result
 * records its machine; a raw JMH file records none, and a comparison of two of them (what a CI job
 * has) is made on trust: that the job ran both on one host.
 *
 * @param match       what the files show
 * @param differences for {@link Match#DIFFERENT}, one "field: base vs new" line per field that differs;
 *                    empty otherwise
 */
public record HostCheck(Match match, List<String> differences) {

    /** What the two files show about their hosts. */
    public enum Match {
        /** Both record a machine, and they are the same host. */
        SAME,
        /** Both record a machine, and they differ. */
        DIFFERENT,
        /** Neither records a machine (raw JMH files, say). */
        UNKNOWN,
        /** Only the new result records a machine. */
        UNKNOWN_IN_BASE,
        /** Only the base result records a machine. */
        UNKNOWN_IN_NEW
    }

    /** Validates: differences are listed exactly when the hosts differ. */
    public HostCheck {
        Objects.requireNonNull(match, "match");
        differences = List.copyOf(differences);
        if ((match == Match.DIFFERENT) == differences.isEmpty()) {
            throw new IllegalArgumentException("host check: differences must be listed for, and only for, different"
                    + " hosts; got " + match + " with " + differences.size());
        }
    }

    /** Compares the machines of a base and a new result. */
    public static HostCheck of(MachineInfo base, MachineInfo next) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(next, "next");
        if (!base.isKnown() && !next.isKnown()) {
            return new HostCheck(Match.UNKNOWN, List.of());
        }
        if (!base.isKnown()) {
            return new HostCheck(Match.UNKNOWN_IN_BASE, List.of());
        }
        if (!next.isKnown()) {
            return new HostCheck(Match.UNKNOWN_IN_NEW, List.of());
        }
        List<String> d = base.hostDifferences(next);
        return d.isEmpty() ? new HostCheck(Match.SAME, List.of()) : new HostCheck(Match.DIFFERENT, d);
    }

    /**
     * What a reader of the comparison must be told, one line each ("warning: ..." or
     * "note: ..."); none when the hosts are known to be the same.
     */
    public List<String> notes() {
        return switch (match) {
            case SAME -> List.of();
            case DIFFERENT -> differences.stream().map(d -> "warning: different hosts: " + d).toList();
            case UNKNOWN -> List.of("note: hosts unknown: neither result records its machine (raw JMH files?);"
                    + " the verdicts hold only if both ran on the same host");
            case UNKNOWN_IN_BASE -> List.of("warning: hosts unknown: BASE records no machine (raw JMH file?) and NEW"
                    + " does, so the hosts cannot be shown to be the same");
            case UNKNOWN_IN_NEW -> List.of("warning: hosts unknown: NEW records no machine (raw JMH file?) and BASE"
                    + " does, so the hosts cannot be shown to be the same");
        };
    }
}
