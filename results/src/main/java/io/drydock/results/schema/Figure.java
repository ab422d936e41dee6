package io.drydock.results.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One measured figure: a benchmark's metric on one platform and workload under some limits, with
 * every value JMH measured, fork by fork. A fork is a fresh JVM (and, for start-up benchmarks,
 * fresh instances), so forks are the independent samples; a fork's sample is the mean of its
 * iterations.
 *
 * @param benchmark the fully qualified JMH benchmark method
 * @param metric    {@link #PRIMARY}, or the name of a JMH secondary metric
 * @param mode      the JMH mode: {@code ss}, {@code avgt}, {@code thrpt}, {@code sample}
 * @param unit      the unit of every value, as JMH prints it ({@code ms/op}) or {@code bytes}
 * @param better    which direction is an improvement
 * @param kind      what the figure measures, for charts and planning
 * @param platform  where it ran: {@code host}, {@code drydock}, {@code runc}, {@code crun}, {@code vm}
 * @param workload  what ran, or {@code default}
 * @param limits    every other JMH parameter (memory and CPU limits and the like)
 * @param forks     per fork, the values of its measurement iterations; finite, at least one each
 * @param slots     per fork, the name of the interleaved run it was measured in, or null when its
 *                  forks were not interleaved (schema 3; none in older files). {@code drydock bench}
 *                  runs every platform once per run, back to back, so two figures' forks with the
 *                  same slot saw the same moment of the machine: a ratio pairs them
 *                  ({@link io.drydock.results.stats.ForkPairs})
 */
@JsonPropertyOrder({"benchmark", "metric", "mode", "unit", "better", "kind", "platform", "workload", "limits", "forks",
        "slots"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Figure(String benchmark, String metric, String mode, String unit, Better better, FigureKind kind,
                     String platform, String workload, SortedMap<String, String> limits,
                     List<List<Double>> forks, List<String> slots) {

    /** The metric name of JMH's primary metric. */
    public static final String PRIMARY = "primary";

    /** Validates every field and copies the collections. */
    @JsonCreator
    public Figure {
        InvalidFieldException.require("benchmark", benchmark);
        InvalidFieldException.require("metric", metric);
        InvalidFieldException.require("mode", mode);
        InvalidFieldException.require("unit", unit);
        InvalidFieldException.require("platform", platform);
        InvalidFieldException.require("workload", workload);
        if (better == null) {
            throw new InvalidFieldException("better", "is required: \"lower\" or \"higher\"");
        }
        if (kind == null) {
            kind = FigureKind.OTHER;
        }
        limits = checkedLimits(limits);
        if (forks == null || forks.isEmpty()) {
            throw new InvalidFieldException("forks", "needs at least one fork");
        }
        List<List<Double>> copy = new ArrayList<>(forks.size());
        for (int f = 0; f < forks.size(); f++) {
            List<Double> it = forks.get(f);
            if (it == null || it.isEmpty()) {
                throw new InvalidFieldException("forks[" + f + "]", "needs at least one iteration value");
            }
            for (int i = 0; i < it.size(); i++) {
                Double v = it.get(i);
                if (v == null || !Double.isFinite(v)) {
                    throw new InvalidFieldException("forks[" + f + "][" + i + "]", "must be a finite number, was " + v);
                }
            }
            copy.add(List.copyOf(it));
        }
        forks = List.copyOf(copy);
        if (slots != null) {
            if (slots.size() != forks.size()) {
                throw new InvalidFieldException("slots", "names " + slots.size() + " runs for " + forks.size()
                        + " forks: one a fork, or none at all");
            }
            for (int f = 0; f < slots.size(); f++) {
                if (slots.get(f) == null || slots.get(f).isBlank()) {
                    throw new InvalidFieldException("slots[" + f + "]", "must name the run fork " + f + " was measured in");
                }
            }
            slots = List.copyOf(slots);
        }
    }

    /** A figure whose forks were not interleaved with other platforms' (no {@link #slots}). */
    public Figure(String benchmark, String metric, String mode, String unit, Better better, FigureKind kind,
                  String platform, String workload, SortedMap<String, String> limits, List<List<Double>> forks) {
        this(benchmark, metric, mode, unit, better, kind, platform, workload, limits, forks, null);
    }

    /**
     * This figure with every fork marked as measured in the run {@code slot}: a figure of one
     * interleaved run, whose other platforms' forks ran back to back with these.
     */
    public Figure inSlot(String slot) {
        return new Figure(benchmark, metric, mode, unit, better, kind, platform, workload, limits, forks,
                java.util.Collections.nCopies(forks.size(), slot));
    }

    /**
     * This figure with each slot named as a run of {@code source} ({@code source/slot}): figures
     * read from several result files keep pairing within their own file and never across two,
     * whose runs share names ({@code cpu-1}) but not a moment.
     */
    public Figure withSlotsOf(String source) {
        return slots == null ? this : new Figure(benchmark, metric, mode, unit, better, kind, platform, workload, limits,
                forks, slots.stream().map(s -> source + "/" + s).toList());
    }

    /** This figure's identity across runs. */
    @JsonIgnore
    public FigureKey key() {
        return new FigureKey(benchmark, metric, mode, platform, workload, limits);
    }

    /** One sample per fork: the mean of the fork's iterations. */
    @JsonIgnore
    public double[] samples() {
        double[] s = new double[forks.size()];
        for (int f = 0; f < s.length; f++) {
            double sum = 0;
            for (double v : forks.get(f)) {
                sum += v;
            }
            s[f] = sum / forks.get(f).size();
        }
        return s;
    }

    /** Every iteration value of every fork, for distributions. */
    @JsonIgnore
    public double[] allValues() {
        return forks.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
    }

    /** The mean of the per-fork samples. */
    @JsonIgnore
    public double mean() {
        double sum = 0;
        double[] s = samples();
        for (double v : s) {
            sum += v;
        }
        return sum / s.length;
    }

    /**
     * This figure with the forks of another measurement of the same figure appended: forks are
     * independent samples, so a later run of the same benchmark adds samples to the same figure.
     * The slots are kept when both figures have them, and dropped when either has none (its forks
     * could then be paired with nothing).
     *
     * @throws InvalidFieldException when {@code more} is another figure or uses another unit or direction
     */
    public Figure withForksOf(Figure more) {
        if (!key().equals(more.key())) {
            throw new InvalidFieldException("forks", "cannot merge " + more.key().label() + " into " + key().label());
        }
        if (!unit.equals(more.unit) || better != more.better) {
            throw new InvalidFieldException("unit", key().label() + " was measured in " + unit + " (" + better
                    + ") and then in " + more.unit + " (" + more.better + ")");
        }
        List<List<Double>> all = new ArrayList<>(forks);
        all.addAll(more.forks);
        List<String> allSlots = null;
        if (slots != null && more.slots != null) {
            allSlots = new ArrayList<>(slots);
            allSlots.addAll(more.slots);
        }
        return new Figure(benchmark, metric, mode, unit, better, kind, platform, workload, limits, all, allSlots);
    }

    /** A copy with every value multiplied by {@code factor}: used to inject a known change in tests and demos. */
    public Figure scaled(double factor) {
        List<List<Double>> f = forks.stream().map(it -> it.stream().map(v -> v * factor).toList()).toList();
        return new Figure(benchmark, metric, mode, unit, better, kind, platform, workload, limits, f, slots);
    }

    /**
     * {@code limits} (null is none) as a sorted, unmodifiable copy; a null value is refused
     * naming {@code limits.<key>}. Figures and ratios carry the same limits.
     */
    static SortedMap<String, String> checkedLimits(Map<String, String> limits) {
        TreeMap<String, String> l = new TreeMap<>();
        if (limits != null) {
            for (Map.Entry<String, String> e : limits.entrySet()) {
                if (e.getValue() == null) {
                    throw new InvalidFieldException("limits." + e.getKey(), "must not be null");
                }
                l.put(e.getKey(), e.getValue());
            }
        }
        return Collections.unmodifiableSortedMap(l);
    }
}
