package io.drydock.results.stats;

/** What a comparison concludes about one figure. */
public enum Verdict {
    /** Worse by more than the threshold, and significant after false-discovery control. */
    REGRESSION("regression"),
    /** Better by more than the threshold, and significant after false-discovery control. */
    IMPROVEMENT("improvement"),
    /** The confidence interval of the ratio lies within ±threshold of 1. */
    NO_CHANGE("no change"),
    /** Neither shown changed nor shown unchanged: rerun with more forks. */
    INCONCLUSIVE("inconclusive");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** Lower-case words for tables. */
    public String label() {
        return label;
    }
}
