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
     * Confidence interval of mean(next) / mean(base) where {@code base[i]} and {@code next[i]} were
     * measured together (a pair of forks in one interleaved run) and {@code baseOnly} and
     * {@code nextOnly} are each side's forks without a partner (either may be empty): each
     * resample draws as many pairs as there are with replacement, and as many of each side's
     * others from among its own, so load that moved both forks of a pair alike moves the resampled
     * ratio not at all.
     *
     * @throws IllegalArgumentException when the pairs' two sides differ in length
     */
    public Interval pairedRatioOfMeans(double[] base, double[] next, double[] baseOnly, double[] nextOnly, double level) {
        requireSamples(base, "base");
        requireSamples(next, "next");
        if (base.length != next.length) {
            throw new IllegalArgumentException("pairs need as many base samples as next ones, were " + base.length
                    + " and " + next.length);
        }
        requireFinite(baseOnly, "base's unpaired samples");
        requireFinite(nextOnly, "next's unpaired samples");
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double b = 0;
            double n = 0;
            for (int k = 0; k < base.length; k++) {
                int i = random.nextInt(base.length);
                b += base[i];
                n += next[i];
            }
            for (int k = 0; k < baseOnly.length; k++) {
                b += baseOnly[random.nextInt(baseOnly.length)];
            }
            for (int k = 0; k < nextOnly.length; k++) {
                n += nextOnly[random.nextInt(nextOnly.length)];
            }
            ratios[r] = (n / (next.length + nextOnly.length)) / (b / (base.length + baseOnly.length));
        }
        return percentiles(ratios, level);
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
