package io.drydock.results.report;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.stats.Bootstrap;
import io.drydock.results.stats.Interval;
import io.drydock.results.stats.PeerRatios;
import io.drydock.results.stats.RatioEstimate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a statement about this run's figures ("containers run CPU work within 5% of the host")
 * against the 95% intervals of the ratios it rests on, so a verdict is never a guess: it holds
 * when every interval lies inside the bound, does not hold when some interval lies wholly outside
 * it, and is inconclusive otherwise. Ratios are compared as a <em>cost</em>: above 1 is worse
 * (slower, bigger, fewer operations per second), whichever way the figure's unit points.
 */
public final class ClaimCheck {
    /** How a cost must stand against a bound. */
    public enum BoundKind {
        /** cost ≤ value: an overhead of at most value − 1. */
        AT_MOST,
        /** cost ≥ value: a price of at least value. */
        AT_LEAST,
        /** 1/value ≤ cost ≤ value: about the same as the reference. */
        NEAR
    }

    /** A bound on the cost. */
    public record Bound(BoundKind kind, double value) {
        /** Validates: a positive bound, above 1 for {@link BoundKind#NEAR}. */
        public Bound {
            if (kind == null || !(value > 0) || (kind == BoundKind.NEAR && !(value > 1))) {
                throw new IllegalArgumentException("bound " + kind + " " + value + " is not a positive factor");
            }
        }

        /** The bound in words: "at most 1.05× the reference", "at least 10×", "within ±5%". */
        public String text() {
            return switch (kind) {
                case AT_MOST -> "at most " + factor(value);
                case AT_LEAST -> "at least " + factor(value);
                case NEAR -> String.format(Locale.ROOT, "within ±%.0f%%", 100 * (value - 1));
            };
        }
    }

    /** The outcome of a check. */
    public enum Outcome {
        HOLDS("holds"),
        DOES_NOT_HOLD("does not hold"),
        INCONCLUSIVE("inconclusive"),
        NOT_MEASURABLE("not measurable here"),
        NOT_MEASURED("not measured in this run");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** The outcome in words. */
        public String label() {
            return label;
        }
    }

    /**
     * One comparison a check rests on: a subject figure against a reference figure, or against a
     * fixed amount in the subject's unit.
     *
     * @param subject   the figure judged
     * @param reference the figure it is compared with, or null to compare with {@code amount}
     * @param amount    the fixed amount (with {@code reference} null), in the unit the subject's values are in
     * @param refName   how the reference is named in the evidence ("host", "100 ms")
     */
    public record Pair(Figure subject, Figure reference, double amount, String refName) {
        /** Validates: a subject, a named reference, and a positive amount where there is no reference figure. */
        public Pair {
            if (subject == null || refName == null || refName.isBlank()) {
                throw new IllegalArgumentException("a comparison needs a subject figure and a named reference");
            }
            if (reference == null && !(amount > 0 && Double.isFinite(amount))) {
                throw new IllegalArgumentException("a comparison with a fixed amount needs a positive amount, was " + amount);
            }
        }
    }

    /**
     * A comparison checked.
     *
     * @param ratio    subject / reference, as the headline shows it
     * @param low      the ratio's interval, or null without one (a side with one fork)
     * @param high     the upper bound with {@code low}
     * @param cost     the ratio turned so above 1 is worse for the subject
     * @param costLow  the cost's interval (null with {@code low})
     * @param costHigh the cost's upper bound
     * @param forks    the fewest forks of either side
     * @param outcome  how the cost stands against the bound
     */
    public record Check(Pair pair, double ratio, Double low, Double high, double cost, Double costLow,
                        Double costHigh, int forks, Outcome outcome) {
    }

    /**
     * The evidence of checks, one line per measurement and reference, platforms side by side:
     * "sysbench CPU (threads 1), × host: drydock 1.00 [0.99, 1.00], crun 1.00 [0.99, 1.01]".
     */
    public static List<String> evidence(List<Check> checks) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (Check c : checks) {
            Figure s = c.pair().subject();
            String limits = MeasurementNames.limitsText(s.limits());
            String what = MeasurementNames.of(s).label() + (limits.isEmpty() ? "" : " (" + limits + ")");
            if (c.pair().reference() == null) {
                lines.computeIfAbsent(what + ", against " + c.pair().refName(), k -> new ArrayList<>())
                    .add(s.platform() + " " + MeasurementNames.format(s, s.mean()) + (c.low() == null ? " (1 fork)"
                        : " [" + MeasurementNames.format(s, c.low() * c.pair().amount()) + ", "
                            + MeasurementNames.format(s, c.high() * c.pair().amount()) + "]"));
            } else {
                String interval = c.low() == null ? " (1 fork)"
                    : String.format(Locale.ROOT, " [%s, %s]", number(c.low()), number(c.high()));
                lines.computeIfAbsent(what + ", × " + c.pair().refName(), k -> new ArrayList<>())
                    .add(s.platform() + " " + number(c.ratio()) + interval + (c.forks() == 2 ? " (2 forks)" : ""));
            }
        }
        List<String> out = new ArrayList<>();
        lines.forEach((what, platforms) -> out.add(what + ": " + String.join(", ", platforms)));
        return out;
    }

    /** The verdict on a statement: its outcome, a sentence on why, and the comparisons it rests on. */
    public record Verdict(Outcome outcome, String why, List<Check> checks) {
        /** The outcome in words with its reason: "does not hold: drydock's TCP ... is 1.91× the host's (bound at most 1.20×)". */
        public String text() {
            return why.isEmpty() ? outcome.label() : outcome.label() + ": " + why;
        }
    }

    /** The containers, as reports name them. */
    public static final Set<String> CONTAINERS = Set.of("drydock", "runc", "crun");

    private static final int MIN_FORKS = PeerRatios.DEFAULT_MIN_FORKS;
    private static final Bootstrap BOOTSTRAP = new Bootstrap(1, 10_000);

    private ClaimCheck() {
    }

    /**
     * Judges pairs against a bound.
     *
     * @param pairs      the comparisons (none: not measured)
     * @param bound      what each cost must satisfy
     * @param emulated   true when the pairs involve a VM that ran under TCG and the statement is about
     *                   virtualization's cost, which emulation does not show: not measurable here
     * @param missing    what the run lacks, for "not measured in this run: ..."
     */
    public static Verdict judge(List<Pair> pairs, Bound bound, boolean emulated, String missing) {
        List<Check> checks = new ArrayList<>();
        for (Pair p : pairs) {
            check(p, bound).ifPresent(checks::add);
        }
        if (checks.isEmpty()) {
            return new Verdict(Outcome.NOT_MEASURED, missing, List.of());
        }
        if (emulated) {
            return new Verdict(Outcome.NOT_MEASURABLE, "the VM ran under TCG (QEMU emulating the CPU, no KVM),"
                + " so these ratios measure emulation, not virtualization", checks);
        }
        Optional<Check> failed = checks.stream().filter(c -> c.outcome() == Outcome.DOES_NOT_HOLD)
            .max(java.util.Comparator.comparingDouble(c -> distance(c, bound)));
        if (failed.isPresent()) {
            Check c = failed.get();
            return new Verdict(Outcome.DOES_NOT_HOLD, by(c, bound), checks);
        }
        List<Check> open = checks.stream().filter(c -> c.outcome() == Outcome.INCONCLUSIVE).toList();
        if (!open.isEmpty()) {
            long single = open.stream().filter(c -> c.low() == null).count();
            String reason;
            if (single == open.size()) {
                reason = single == checks.size() ? "one fork, so no interval" : "one fork, so no interval, for " + single
                    + " of " + checks.size() + " comparisons";
            } else {
                Check c = open.stream().filter(k -> k.low() != null).findFirst().orElseThrow();
                reason = "the interval of " + c.pair().subject().platform() + "'s " + MeasurementNames.of(c.pair().subject()).label()
                    + " straddles the bound (" + bound.text() + ")" + (open.size() > 1 ? ", and " + (open.size() - 1) + " more" : "");
            }
            return new Verdict(Outcome.INCONCLUSIVE, reason + "; more forks would decide", checks);
        }
        boolean rough = checks.stream().anyMatch(c -> c.forks() < MIN_FORKS);
        return new Verdict(Outcome.HOLDS, rough ? "from 2 forks a side, a rough interval" : "", checks);
    }

    /** The pair's check, or empty when the two cannot be compared (a zero sample, an unknown unit). */
    static Optional<Check> check(Pair p, Bound bound) {
        Figure s = p.subject();
        double ratio;
        Double low = null;
        Double high = null;
        int forks;
        if (p.reference() != null) {
            // Read as the peer ratios are (RatioEstimate); the two figures may be of one platform
            // (private against shared disk), which a Ratio record does not allow, so it is no Ratio.
            Optional<RatioEstimate> e = RatioEstimate.of(s, p.reference(), BOOTSTRAP, 0.95);
            if (e.isEmpty()) {
                return Optional.empty();
            }
            ratio = e.get().value();
            if (e.get().interval() != null) {
                low = e.get().interval().low();
                high = e.get().interval().high();
            }
            forks = Math.min(e.get().forks(), e.get().peerForks());
        } else {
            ratio = s.mean() / p.amount();
            Interval ci = RunSet.meanInterval(s);
            if (ci != null) {
                low = ci.low() / p.amount();
                high = ci.high() / p.amount();
            }
            forks = s.forks().size();
        }
        boolean higherBetter = MeasurementNames.better(s) == Better.HIGHER;
        double cost = higherBetter ? 1 / ratio : ratio;
        Double costLow = low == null ? null : higherBetter ? 1 / high : low;
        Double costHigh = low == null ? null : higherBetter ? 1 / low : high;
        Outcome o;
        if (costLow == null) {
            o = Outcome.INCONCLUSIVE;
        } else {
            double lo = bound.kind() == BoundKind.NEAR ? 1 / bound.value() : bound.kind() == BoundKind.AT_LEAST ? bound.value() : 0;
            double hi = bound.kind() == BoundKind.AT_LEAST ? Double.POSITIVE_INFINITY : bound.value();
            if (costLow >= lo && costHigh <= hi) {
                o = Outcome.HOLDS;
            } else if (costHigh < lo || costLow > hi) {
                o = Outcome.DOES_NOT_HOLD;
            } else {
                o = Outcome.INCONCLUSIVE;
            }
        }
        return Optional.of(new Check(p, ratio, low, high, cost, costLow, costHigh, forks, o));
    }

    /** How far a failed check's cost is from the bound, as a factor (for naming the worst). */
    private static double distance(Check c, Bound b) {
        return switch (b.kind()) {
            case AT_MOST -> c.cost() / b.value();
            case AT_LEAST -> b.value() / c.cost();
            case NEAR -> Math.max(c.cost(), 1 / c.cost());
        };
    }

    /** By how much a failed check misses: "drydock's TCP request/response costs 1.91× the host's (bound: at most 1.20×)". */
    private static String by(Check c, Bound b) {
        Figure s = c.pair().subject();
        String what = s.platform() + "'s " + MeasurementNames.of(s).label();
        String limits = MeasurementNames.limitsText(s.limits());
        if (!limits.isEmpty()) {
            what += " (" + limits + ")";
        }
        boolean higherBetter = MeasurementNames.better(s) == Better.HIGHER;
        String amount;
        if (c.cost() >= 1) {
            amount = higherBetter
                ? String.format(Locale.ROOT, "%.0f%% lower than %s", 100 * (1 - c.ratio()), possessive(c.pair()))
                : factor(c.ratio()) + " " + (c.pair().reference() == null ? c.pair().refName() : possessive(c.pair()));
        } else {
            amount = higherBetter
                ? factor(c.ratio()) + " " + possessive(c.pair())
                : String.format(Locale.ROOT, "%.0f%% below %s", 100 * (1 - c.ratio()), c.pair().refName());
        }
        return what + " is " + amount + " (claim: cost " + b.text() + ")";
    }

    /** "the host's", "drydock's", "its shared layers'". */
    private static String possessive(Pair p) {
        String r = p.refName();
        return r.equals("host") ? "the host's" : r.endsWith("s") ? r + "'" : r + "'s";
    }

    /** A factor for people: "1.91×", "0.99×", "1587×". */
    static String factor(double v) {
        return ValueFormat.ratio(v);
    }

    private static String number(double v) {
        return Math.abs(v) >= 100 ? ValueFormat.number(v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * Pairs each subject platform's figure with the reference platform's figure of the same
     * measurement (benchmark, metric, mode, workload, limits), for the measurements {@code which} accepts.
     *
     * @param references the reference platforms in order of preference; the first one measured is used
     */
    public static List<Pair> pairs(Collection<Figure> figures, Predicate<Figure> which, Set<String> subjects,
                                   List<String> references) {
        Map<String, Map<String, Figure>> groups = new LinkedHashMap<>();
        for (Figure f : figures) {
            if (which.test(f)) {
                groups.computeIfAbsent(measurement(f), k -> new LinkedHashMap<>()).put(f.platform(), f);
            }
        }
        List<Pair> out = new ArrayList<>();
        for (Map<String, Figure> g : groups.values()) {
            Optional<String> ref = references.stream().filter(g::containsKey).findFirst();
            if (ref.isEmpty()) {
                continue;
            }
            for (String p : RunSet.orderPlatforms(g.keySet())) {
                if (subjects.contains(p) && !p.equals(ref.get())) {
                    out.add(new Pair(g.get(p), g.get(ref.get()), 0, ref.get()));
                }
            }
        }
        return out;
    }

    /** Everything that names a measurement but the platform. */
    static String measurement(Figure f) {
        return f.benchmark() + "|" + f.metric() + "|" + f.mode() + "|" + f.workload() + "|" + f.limits();
    }

    /** Figures of one dimension (as the catalogue places them). */
    public static Predicate<Figure> inDimension(Dimension... dims) {
        Set<Dimension> set = Set.of(dims);
        return f -> {
            Dimension d = MeasurementNames.of(f).dimension();
            return d != null && set.contains(d);
        };
    }

    /** Figures of one benchmark method ("CpuBenchmark.cpu") and metric. */
    public static Predicate<Figure> measurement(String method, String metric) {
        return f -> (f.benchmark().equals(method) || f.benchmark().endsWith("." + method)) && f.metric().equals(metric);
    }
}
