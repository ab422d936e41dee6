package io.drydock.results.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded percentile bootstrap over per-fork samples: the same inputs and seed always give the same
 * interval, so a CI verdict is reproducible.
 */
public final class Bootstrap {
    private final long seed;
    private final int resamples;

    /**
     * @param seed      the random seed
     * @param resamples how many resamples; 10,000 keeps the 2.5% tails stable to about 0.1%
     */
    public Bootstrap(long seed, int resamples) {
        if (resamples < 100) {
            throw new IllegalArgumentException("resamples must be at least 100, was " + resamples);
        }
        this.seed = seed;
        this.resamples = resamples;
    }

    /**
     * Confidence interval of mean(next) / mean(base), resampling each side's forks independently
     * with replacement.
     *
     * @param level the confidence level, such as 0.95
     */
    public Interval ratioOfMeans(double[] base, double[] next, double level) {
        requireSamples(base, "base");
        requireSamples(next, "next");
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            ratios[r] = resampledMean(next, random) / resampledMean(base, random);
        }
        return percentiles(ratios, level);
    }

    /**
     * The typical ratio of pairs {@code next[i] / base[i]} measured together (two forks of one
     * interleaved run): the Hodges-Lehmann estimate on the log scale, exp of the median of the
     * pairwise means (Walsh averages) of {@code ln(next[i] / base[i])}. Where no pair is disturbed it
     * is close to the ratio of means; a pair that something moved on one side only (a step of the
     * disk's pace between the two forks, a neighbour's burst during one of them) counts as one rank,
     * where a ratio of means takes in its whole size. It bears up to 29% of such pairs.
     *
     * @throws IllegalArgumentException when the two sides differ in length, or a sample is not positive
     */
    public static double pairedRatio(double[] base, double[] next) {
        double[] logs = logRatios(base, next);
        return Math.exp(hodgesLehmann(logs, new double[walshCount(logs.length)]));
    }

    /**
     * Confidence interval of {@link #pairedRatio}: each resample draws as many pairs as there are,
     * with replacement, so load that moved both forks of a pair alike moves the resampled ratio not
     * at all.
     *
     * @throws IllegalArgumentException when the two sides differ in length, or a sample is not positive
     */
    public Interval pairedRatioInterval(double[] base, double[] next, double level) {
        double[] logs = logRatios(base, next);
        SplittableRandom random = new SplittableRandom(seed);
        double[] drawn = new double[logs.length];
        double[] scratch = new double[walshCount(logs.length)];
        double[] ratios = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            for (int k = 0; k < logs.length; k++) {
                drawn[k] = logs[random.nextInt(logs.length)];
            }
            ratios[r] = Math.exp(hodgesLehmann(drawn, scratch));
        }
        return percentiles(ratios, level);
    }

    private static double[] logRatios(double[] base, double[] next) {
        requireSamples(base, "base");
        requireSamples(next, "next");
        if (base.length != next.length) {
            throw new IllegalArgumentException("pairs need as many base samples as next ones, were " + base.length
                    + " and " + next.length);
        }
        double[] logs = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            if (!(base[i] > 0) || !(next[i] > 0)) {
                throw new IllegalArgumentException("pair " + i + " has a sample that is not positive: " + base[i] + " and "
                        + next[i]);
            }
            logs[i] = Math.log(next[i] / base[i]);
        }
        return logs;
    }

    private static int walshCount(int n) {
        return n * (n + 1) / 2;
    }

    /** The median of the Walsh averages (x[i] + x[j]) / 2, i <= j, of {@code x}, worked out in {@code scratch}. */
    static double hodgesLehmann(double[] x, double[] scratch) {
        int m = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i; j < x.length; j++) {
                scratch[m++] = (x[i] + x[j]) / 2;
            }
        }
        double upper = select(scratch, m, m / 2);
        if (m % 2 == 1) {
            return upper;
        }
        // After the select, everything left of m / 2 is at most the upper middle: the lower one is their largest.
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m / 2; i++) {
            lower = Math.max(lower, scratch[i]);
        }
        return (lower + upper) / 2;
    }

    /** The k-th smallest of {@code v[0, n)} (0-based), partially ordering {@code v} around it (Hoare's selection). */
    private static double select(double[] v, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = v[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = v[i];
                    v[i] = v[j];
                    v[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return v[k];
    }

    /** Confidence interval of the mean of {@code samples}. */
    public Interval mean(double[] samples, double level) {
        requireSamples(samples, "samples");
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            means[r] = resampledMean(samples, random);
        }
        return percentiles(means, level);
    }

    private static double resampledMean(double[] xs, SplittableRandom random) {
        double sum = 0;
        for (int i = 0; i < xs.length; i++) {
            sum += xs[random.nextInt(xs.length)];
        }
        return sum / xs.length;
    }

    private static Interval percentiles(double[] values, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        }
        Arrays.sort(values);
        double tail = (1 - level) / 2;
        return new Interval(quantile(values, tail), quantile(values, 1 - tail));
    }

    /** Linear interpolation between order statistics of sorted {@code v}. */
    static double quantile(double[] v, double q) {
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    private static void requireSamples(double[] xs, String name) {
        if (xs.length == 0) {
            throw new IllegalArgumentException(name + " has no samples");
        }
        requireFinite(xs, name);
    }

    private static void requireFinite(double[] xs, String name) {
        for (double x : xs) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(name + " has a non-finite sample: " + x);
            }
        }
    }
}
