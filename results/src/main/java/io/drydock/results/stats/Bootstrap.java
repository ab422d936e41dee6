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
        for (double x : xs) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(name + " has a non-finite sample: " + x);
            }
        }
    }
}
