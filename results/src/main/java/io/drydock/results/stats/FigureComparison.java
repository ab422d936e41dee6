package io.drydock.results.stats;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.FigureKey;

/**
 * The comparison of one figure between a base and a new run.
 *
 * @param key       the figure
 * @param unit      its unit
 * @param better    which direction is an improvement
 * @param baseForks forks (samples) on the base side
 * @param newForks  forks on the new side
 * @param baseMean  mean of the base samples
 * @param newMean   mean of the new samples
 * @param ratio     newMean / baseMean
 * @param interval  bootstrap confidence interval of the ratio
 * @param p         Welch p-value on log samples, NaN when not tested
 * @param q         Benjamini-Hochberg adjusted p-value, NaN when not tested
 * @param verdict   the verdict
 * @param reason    one sentence on why
 */
public record FigureComparison(FigureKey key, String unit, Better better, int baseForks, int newForks,
                               double baseMean, double newMean, double ratio, Interval interval,
                               double p, double q, Verdict verdict, String reason) {

    /** The ratio as a signed percentage change: 1.10 → "+10.0%". */
    public String changePercent() {
        if (!Double.isFinite(ratio)) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
    }
}
