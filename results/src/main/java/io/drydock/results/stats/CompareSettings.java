package io.drydock.results.stats;

/**
 * How a comparison decides.
 *
 * @param threshold           the smallest relative change that matters (0.05 = 5%)
 * @param fdr                 the false discovery rate α for Benjamini-Hochberg (0.05)
 * @param confidence          the level of the confidence intervals (0.95)
 * @param minForks            forks needed on each side before any verdict but inconclusive (at least 2)
 * @param resamples           bootstrap resamples
 * @param seed                bootstrap seed
 * @param allowDifferentHosts compare results from different machines (with a warning) instead of refusing
 * @param allowMissing        report figures present on one side only instead of refusing
 */
public record CompareSettings(double threshold, double fdr, double confidence, int minForks, int resamples,
                              long seed, boolean allowDifferentHosts, boolean allowMissing) {

    /** Validates ranges. */
    public CompareSettings {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), was " + threshold);
        }
        if (!(fdr > 0 && fdr < 1)) {
            throw new IllegalArgumentException("false discovery rate must be in (0, 1), was " + fdr);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        if (minForks < 2) {
            throw new IllegalArgumentException("min forks must be at least 2 (a variance needs two), was " + minForks);
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("resamples must be at least 100, was " + resamples);
        }
    }

    /** 5% threshold, 5% FDR, 95% intervals, 3 forks, 10,000 resamples, seed 1, strict about hosts and figures. */
    public static CompareSettings defaults() {
        return new CompareSettings(0.05, 0.05, 0.95, 3, 10_000, 1, false, false);
    }

    /** A copy with another threshold. */
    public CompareSettings withThreshold(double t) {
        return new CompareSettings(t, fdr, confidence, minForks, resamples, seed, allowDifferentHosts, allowMissing);
    }

    /** A copy that accepts different hosts and one-sided figures. */
    public CompareSettings lenient(boolean differentHosts, boolean missing) {
        return new CompareSettings(threshold, fdr, confidence, minForks, resamples, seed, differentHosts, missing);
    }
}
