package io.drydock.results.stats;

/**
 * Welch's two-sample t-test on the logarithms of per-fork samples. Working on logs makes the
 * tested quantity the ratio next/base (the difference of log means), matches the multiplicative
 * noise of timings, and does not assume equal variances on both sides.
 *
 * @param logRatio the difference of log means: ln of the geometric-mean ratio next/base
 * @param t        the t statistic
 * @param df       Welch-Satterthwaite degrees of freedom
 * @param p        two-sided p-value of "no change"
 */
public record WelchTest(double logRatio, double t, double df, double p, double standardError) {

    /**
     * Tests base against next; both need at least two positive samples.
     *
     * @throws IllegalArgumentException on fewer than two samples or a sample that is not positive
     */
    public static WelchTest onLogs(double[] base, double[] next) {
        double[] a = logs(base, "base");
        double[] b = logs(next, "next");
        double ma = mean(a);
        double mb = mean(b);
        double va = variance(a, ma) / a.length;
        double vb = variance(b, mb) / b.length;
        double se = Math.sqrt(va + vb);
        double diff = mb - ma;
        if (se == 0) {
            // No noise at all on either side: any difference is certain, none is certainly none.
            return new WelchTest(diff, diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff),
                    a.length + b.length - 2, diff == 0 ? 1 : 0, 0);
        }
        double df = (va + vb) * (va + vb)
                / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double t = diff / se;
        return new WelchTest(diff, t, df, new StudentT(df).twoSidedP(t), se);
    }

    /** The confidence interval of the ratio next/base from the t distribution, at {@code level}. */
    public Interval ratioInterval(double level) {
        if (standardError == 0) {
            return new Interval(Math.exp(logRatio), Math.exp(logRatio));
        }
        double q = new StudentT(df).quantile(1 - (1 - level) / 2);
        return new Interval(Math.exp(logRatio - q * standardError), Math.exp(logRatio + q * standardError));
    }

    private static double[] logs(double[] xs, String side) {
        if (xs.length < 2) {
            throw new IllegalArgumentException(side + " needs at least two samples for a variance, has " + xs.length);
        }
        double[] l = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (!(xs[i] > 0) || Double.isInfinite(xs[i])) {
                throw new IllegalArgumentException(side + " sample " + i + " is " + xs[i]
                        + "; a ratio test needs positive finite samples");
            }
            l[i] = Math.log(xs[i]);
        }
        return l;
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    private static double variance(double[] xs, double mean) {
        double s = 0;
        for (double x : xs) {
            s += (x - mean) * (x - mean);
        }
        return s / (xs.length - 1);
    }
}
