package io.drydock.results.stats;

/** A closed interval [low, high], such as a confidence interval. */
public record Interval(double low, double high) {

    /** Refuses NaN bounds and low > high. */
    public Interval {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new IllegalArgumentException("not an interval: [" + low + ", " + high + "]");
        }
    }

    /** True if {@code x} lies in the interval. */
    public boolean contains(double x) {
        return low <= x && x <= high;
    }

    /** True if the whole interval lies within [from, to]. */
    public boolean within(double from, double to) {
        return from <= low && high <= to;
    }

    /** Half the width: the "±" of a mean's error bar. */
    public double halfWidth() {
        return (high - low) / 2;
    }
}
