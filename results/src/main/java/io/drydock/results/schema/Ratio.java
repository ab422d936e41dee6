package io.drydock.results.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.SortedMap;

/**
 * One platform's figure against its peer's in the same run (drydock against crun, runc against
 * the host, the port-mapped container against loopback, libvirt against bare QEMU): the ratio of
 * their fork means, with a confidence interval over forks.
 *
 * @param benchmark  the figure's benchmark method
 * @param metric     the figure's metric
 * @param mode       the figure's JMH mode
 * @param workload   the figure's workload
 * @param limits     the figure's limits
 * @param platform   the numerator's platform
 * @param peer       the denominator's platform
 * @param value      mean(platform) / mean(peer), or the pairs' ratio when {@code paired}; positive
 * @param low        the interval's lower bound, or null where there is no interval (a side with one fork)
 * @param high       the interval's upper bound, or null with {@code low}
 * @param confidence the interval's level (0.95)
 * @param target     the relative half-width the run aims for (0.05 = ±5%)
 * @param forks      forks of the numerator (the pairs, when {@code paired})
 * @param peerForks  forks of the denominator (the pairs, when {@code paired})
 * @param precision  how the interval stands against the target
 * @param extraForks forks added to these figures after the first run to narrow the interval
 * @param capped     true when the run stopped adding forks (time or fork cap) with the ratio still not within target
 * @param paired     true when the ratio and its interval come from the forks of both sides that ran
 *                   in the same interleaved run, as pairs ({@link io.drydock.results.stats.ForkPairs});
 *                   false when they come from each side's forks apart
 */
@JsonPropertyOrder({"benchmark", "metric", "mode", "workload", "limits", "platform", "peer", "value", "low", "high",
        "confidence", "target", "forks", "peerForks", "precision", "extraForks", "capped", "paired"})
public record Ratio(String benchmark, String metric, String mode, String workload, SortedMap<String, String> limits,
                    String platform, String peer, double value, Double low, Double high, double confidence,
                    double target, int forks, int peerForks, RatioPrecision precision, int extraForks,
                    boolean capped,
                    // absent from schema 1 and 2 files: read as false there
                    @JsonSetter(nulls = Nulls.AS_EMPTY) boolean paired) {

    /** Validates every field. */
    @JsonCreator
    public Ratio {
        InvalidFieldException.require("benchmark", benchmark);
        InvalidFieldException.require("metric", metric);
        InvalidFieldException.require("mode", mode);
        InvalidFieldException.require("workload", workload);
        InvalidFieldException.require("platform", platform);
        InvalidFieldException.require("peer", peer);
        if (platform.equals(peer)) {
            throw new InvalidFieldException("peer", "is the platform itself (" + peer + ")");
        }
        limits = Figure.checkedLimits(limits);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidFieldException("value", "must be a positive finite ratio, was " + value);
        }
        if ((low == null) != (high == null)) {
            throw new InvalidFieldException(low == null ? "low" : "high", "must be given with the other bound or not at all");
        }
        if (low != null && (!Double.isFinite(low) || !Double.isFinite(high) || low > high)) {
            throw new InvalidFieldException("low", "[" + low + ", " + high + "] is not a finite interval");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new InvalidFieldException("confidence", "must be in (0, 1), was " + confidence);
        }
        if (!(target > 0 && target < 1)) {
            throw new InvalidFieldException("target", "must be in (0, 1), was " + target);
        }
        if (forks < 1) {
            throw new InvalidFieldException("forks", "must be at least 1, was " + forks);
        }
        if (peerForks < 1) {
            throw new InvalidFieldException("peerForks", "must be at least 1, was " + peerForks);
        }
        if (precision == null) {
            throw new InvalidFieldException("precision", "is required: within, wide or too-few-forks");
        }
        if (extraForks < 0) {
            throw new InvalidFieldException("extraForks", "must not be negative, was " + extraForks);
        }
        if (capped && precision == RatioPrecision.WITHIN) {
            throw new InvalidFieldException("capped", "cannot be true for a ratio within its target");
        }
        if (paired && (low == null || forks < 2 || peerForks < 2)) {
            throw new InvalidFieldException("paired", "needs an interval over at least two pairs of forks, was "
                    + forks + "+" + peerForks + " forks" + (low == null ? " without an interval" : ""));
        }
    }

    /** A ratio whose interval, if any, resamples each side's forks apart (not {@link #paired}). */
    public Ratio(String benchmark, String metric, String mode, String workload, SortedMap<String, String> limits,
                 String platform, String peer, double value, Double low, Double high, double confidence,
                 double target, int forks, int peerForks, RatioPrecision precision, int extraForks, boolean capped) {
        this(benchmark, metric, mode, workload, limits, platform, peer, value, low, high, confidence, target, forks,
                peerForks, precision, extraForks, capped, false);
    }

    /** The numerator figure's key. */
    @JsonIgnore
    public FigureKey key() {
        return new FigureKey(benchmark, metric, mode, platform, workload, limits);
    }

    /** The denominator figure's key. */
    @JsonIgnore
    public FigureKey peerKey() {
        return new FigureKey(benchmark, metric, mode, peer, workload, limits);
    }

    /** True if there is an interval. */
    @JsonIgnore
    public boolean hasInterval() {
        return low != null;
    }

    /** Half the interval's width relative to the ratio (0.024 = ±2.4%), or NaN without an interval. */
    @JsonIgnore
    public double relativeHalfWidth() {
        return low == null ? Double.NaN : (high - low) / 2 / value;
    }

    /** True unless the interval is trusted and within the target. */
    @JsonIgnore
    public boolean needsMorePrecision() {
        return precision != RatioPrecision.WITHIN;
    }

    /** A copy that records what the adaptive loop did: forks it added, and whether it gave up. */
    public Ratio withReruns(int extra, boolean gaveUp) {
        return new Ratio(benchmark, metric, mode, workload, limits, platform, peer, value, low, high, confidence,
                target, forks, peerForks, precision, extra, gaveUp && precision != RatioPrecision.WITHIN, paired);
    }

    /** A copy judged otherwise: {@code precision} against the relative half-width {@code target}. */
    public Ratio withPrecision(RatioPrecision precision, double target) {
        return new Ratio(benchmark, metric, mode, workload, limits, platform, peer, value, low, high, confidence,
                target, forks, peerForks, precision, extraForks, capped && precision != RatioPrecision.WITHIN, paired);
    }

    /** "StartupBenchmark.createStartWaitDelete (busybox-true): drydock / crun". */
    @JsonIgnore
    public String label() {
        return key().groupLabel() + ": " + platform + " / " + peer;
    }
}
