package io.drydock.results.stats;

import io.drydock.results.schema.FigureKey;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of comparing two runs.
 *
 * @param figures         one comparison per figure present on both sides, in key order
 * @param onlyInBase      figures the new run lacks (only when missing figures were allowed)
 * @param onlyInNew       figures the base run lacks (only when missing figures were allowed)
 * @param hosts           what the two files show about their hosts: the same, unknown on either or
 *                        both sides, or different (only when different hosts were allowed)
 * @param settings        how the verdicts were decided
 */
public record Comparison(List<FigureComparison> figures, List<FigureKey> onlyInBase, List<FigureKey> onlyInNew,
                         HostCheck hosts, CompareSettings settings) {

    /** Exit status: no regression, no inconclusive figure. */
    public static final int EXIT_NO_REGRESSION = 0;
    /** Exit status: at least one regression. */
    public static final int EXIT_REGRESSION = 1;
    /** Exit status: no regression, but at least one inconclusive figure (rerun advised). */
    public static final int EXIT_INCONCLUSIVE = 3;

    /** Copies the lists. */
    public Comparison {
        figures = List.copyOf(figures);
        onlyInBase = List.copyOf(onlyInBase);
        onlyInNew = List.copyOf(onlyInNew);
        Objects.requireNonNull(hosts, "hosts");
    }

    /** How many figures got {@code v}. */
    public long count(Verdict v) {
        return figures.stream().filter(f -> f.verdict() == v).count();
    }

    /** 1 on any regression, else 3 on any inconclusive figure, else 0. */
    public int exitCode() {
        if (count(Verdict.REGRESSION) > 0) {
            return EXIT_REGRESSION;
        }
        return count(Verdict.INCONCLUSIVE) > 0 ? EXIT_INCONCLUSIVE : EXIT_NO_REGRESSION;
    }

    /** One line: "2 regressions, 0 improvements, 14 no change, 1 inconclusive". */
    public String summary() {
        return count(Verdict.REGRESSION) + " regression(s), " + count(Verdict.IMPROVEMENT) + " improvement(s), "
                + count(Verdict.NO_CHANGE) + " no change, " + count(Verdict.INCONCLUSIVE) + " inconclusive"
                + (onlyInBase.isEmpty() && onlyInNew.isEmpty() ? ""
                : ", " + (onlyInBase.size() + onlyInNew.size()) + " on one side only");
    }
}
