package io.drydock.bench;

import io.drydock.results.schema.Ratio;
import io.drydock.results.schema.RatioPrecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides, after a benchmark has run, whether it needs more forks: every ratio of the benchmark
 * whose interval is wider than its target (or rests on too few forks) asks for more forks of the
 * figures involved, as many as the interval's width suggests (the half-width shrinks with the
 * square root of the forks). The forks of one round go to the union of the platforms, methods and
 * parameters of the imprecise ratios; JMH runs that selection and its forks join the same figures.
 * Caps keep a default run bounded: forks per figure, rounds, and extra time as a multiple of the
 * benchmark's first run. A ratio still imprecise at a cap is given up on, and the caller says so.
 *
 * @param minForks   forks a side before an interval is trusted ({@link io.drydock.results.stats.PeerRatios#minForks()})
 * @param maxForks   forks per figure no round may exceed
 * @param maxRounds  rounds of extra forks per benchmark
 * @param timeBudget extra time per benchmark, as a multiple of its first run (2.0: at most three times as long in all)
 */
public record PrecisionPolicy(int minForks, int maxForks, int maxRounds, double timeBudget) {
    /**
     * 3 forks before trusting an interval, at most 100 forks per figure, 4 rounds, eight times the
     * first run's time. Measured on a quiet 2-core host: start-up's fork means vary by about 20%
     * from fork to fork (JVM and page-cache state, not the single shots within a fork), so its
     * host-relative ratios reached ±8-9% with 15 forks and ±4.5-5.2% with 60 (8m44s in all).
     */
    public static final PrecisionPolicy DEFAULT = new PrecisionPolicy(3, 100, 4, 8.0);
    /** Forks aimed for above the square-root estimate: the estimate itself is noisy with few forks. */
    static final double MARGIN = 1.2;

    /** Validates ranges. */
    public PrecisionPolicy {
        if (minForks < 2 || maxForks < minForks || maxRounds < 0 || !(timeBudget >= 0)) {
            throw new IllegalArgumentException("precision policy: min forks " + minForks + " (>= 2), max forks "
                + maxForks + " (>= min), rounds " + maxRounds + " (>= 0), time budget " + timeBudget + " (>= 0)");
        }
    }

    /**
     * Where a benchmark stands.
     *
     * @param roundsDone    rounds of extra forks already run
     * @param firstRun      how long the benchmark's first run took
     * @param spent         how long the extra rounds took so far
     * @param perForkFigure the cost of one fork of one figure (a method with one parameter combination)
     * @param shareLeft     what is left of the benchmark's share of the run's time budget, or null when
     *                      the run has no time budget
     */
    public record Budget(int roundsDone, Duration firstRun, Duration spent, Duration perForkFigure, Duration shareLeft) {
        /** Validates. */
        public Budget {
            if (roundsDone < 0 || firstRun.isNegative() || spent.isNegative() || perForkFigure.isNegative()) {
                throw new IllegalArgumentException("budget: negative rounds or duration");
            }
        }

        /** A budget without a run-wide time budget: only the policy's own caps. */
        public Budget(int roundsDone, Duration firstRun, Duration spent, Duration perForkFigure) {
            this(roundsDone, firstRun, spent, perForkFigure, null);
        }
    }

    /** What to do next. */
    public sealed interface Decision permits Enough, MoreForks, GiveUp {
    }

    /** Every ratio is within its target: stop. */
    public record Enough() implements Decision {
    }

    /**
     * Run {@code forks} more forks of {@code selection}.
     *
     * @param why      the imprecise ratios that asked for them
     * @param estimate how long the round should take
     */
    public record MoreForks(Selection selection, int forks, List<Ratio> why, Duration estimate) implements Decision {
        /** One line for the progress display. */
        public String describe() {
            return forks + " more fork" + (forks == 1 ? "" : "s") + " of " + selection.describe() + " (about "
                + duration(estimate) + "): " + why.stream().map(PrecisionPolicy::reason)
                .collect(Collectors.joining("; "));
        }
    }

    /**
     * Stop with {@code imprecise} ratios still not within target.
     *
     * @param cap which cap was reached
     */
    public record GiveUp(List<Ratio> imprecise, String cap) implements Decision {
    }

    /**
     * The figures a round reruns: the JMH methods, and per parameter the values, of the imprecise
     * ratios (JMH runs the cross product, so it may include a combination none of them needed).
     *
     * @param benchmarks fully qualified benchmark methods
     * @param platforms  the {@code platform} parameter's values: both sides of every ratio
     * @param workloads  the {@code workload} parameter's values ({@code default}: the benchmark has none)
     * @param limits     every other parameter's values
     */
    public record Selection(Set<String> benchmarks, Set<String> platforms, Set<String> workloads,
                            Map<String, Set<String>> limits) {
        /** Copies, sorted. */
        public Selection {
            benchmarks = Set.copyOf(new TreeSet<>(benchmarks));
            platforms = Set.copyOf(platforms);
            workloads = Set.copyOf(workloads);
            Map<String, Set<String>> l = new LinkedHashMap<>();
            new java.util.TreeMap<>(limits).forEach((k, v) -> l.put(k, Set.copyOf(v)));
            limits = java.util.Collections.unmodifiableMap(l);
        }

        static Selection of(List<Ratio> ratios) {
            Set<String> b = new TreeSet<>();
            Set<String> p = new TreeSet<>();
            Set<String> w = new TreeSet<>();
            Map<String, Set<String>> l = new LinkedHashMap<>();
            for (Ratio r : ratios) {
                b.add(r.benchmark());
                p.add(r.platform());
                p.add(r.peer());
                w.add(r.workload());
                r.limits().forEach((k, v) -> l.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
            }
            return new Selection(b, p, w, l);
        }

        /** How many figures (method and parameter combinations) one fork of the selection runs. */
        public int figures() {
            int n = benchmarks.size() * platforms.size() * workloads.size();
            for (Set<String> v : limits.values()) {
                n *= v.size();
            }
            return n;
        }

        /** JMH include regexes: exactly these methods. */
        public List<String> includes() {
            return benchmarks.stream().sorted().map(b -> "^" + b.replace(".", "\\.") + "$").toList();
        }

        /** JMH parameter overrides: exactly these values. */
        public Map<String, List<String>> params() {
            Map<String, List<String>> m = new LinkedHashMap<>();
            m.put("platform", sorted(platforms));
            if (!workloads.equals(Set.of("default"))) {
                m.put("workload", sorted(workloads));
            }
            limits.forEach((k, v) -> m.put(k, sorted(v)));
            return m;
        }

        /** "createStartWaitDelete on crun, drydock, host". */
        public String describe() {
            String methods = benchmarks.stream().sorted().map(b -> b.substring(b.lastIndexOf('.') + 1))
                .collect(Collectors.joining(", "));
            String params = limits.entrySet().stream().map(e -> e.getKey() + "=" + String.join("/", sorted(e.getValue())))
                .collect(Collectors.joining(", "));
            return methods + " on " + String.join(", ", sorted(platforms)) + (params.isEmpty() ? "" : " (" + params + ")");
        }

        private static List<String> sorted(Set<String> s) {
            return new ArrayList<>(new TreeSet<>(s));
        }
    }

    /** Decides the next step for a benchmark whose current ratios are {@code ratios}. */
    public Decision next(List<Ratio> ratios, Budget budget) {
        return next(ratios, budget, false);
    }

    /**
     * {@link #next}, except that a round which can afford fewer than half of the forks its ratios
     * want is not run. For ratios that only their own target settles (a platform against its peer at
     * ±5%), not goals whose bound a narrower interval may clear: such a round leaves them wide (two
     * forks where thirty are wanted narrow an interval of three forks by about a fifth), and where its forks
     * include drydock and the host it can reopen a goal already met and spend the time its reruns
     * need; the time it would have taken passes to the benchmarks after it. On a 2-core host whose
     * fio moved 6-8% from fork to fork the disk benchmark's peer ratios wanted about thirty forks
     * where its share had two.
     */
    public Decision nextWithinReach(List<Ratio> ratios, Budget budget) {
        return next(ratios, budget, true);
    }

    private Decision next(List<Ratio> ratios, Budget budget, boolean withinReach) {
        List<Ratio> imprecise = ratios.stream().filter(Ratio::needsMorePrecision).toList();
        if (imprecise.isEmpty()) {
            return new Enough();
        }
        if (budget.roundsDone() >= maxRounds) {
            return new GiveUp(imprecise, maxRounds + " rounds of extra forks");
        }
        int forks = 0;
        int most = 0;
        for (Ratio r : imprecise) {
            forks = Math.max(forks, forksWanted(r));
            most = Math.max(most, Math.max(r.forks(), r.peerForks()));
        }
        if (most + 1 > maxForks) {
            return new GiveUp(imprecise, maxForks + " forks per figure");
        }
        forks = Math.min(forks, maxForks - most);
        Selection selection = Selection.of(imprecise);
        Duration remaining = Duration.ofMillis((long) (budget.firstRun().toMillis() * timeBudget)).minus(budget.spent());
        boolean shareIsTighter = budget.shareLeft() != null && budget.shareLeft().compareTo(remaining) < 0;
        if (shareIsTighter) {
            remaining = budget.shareLeft();
        }
        long perFork = Math.max(1, budget.perForkFigure().toMillis()) * selection.figures();
        long affordable = remaining.isNegative() ? 0 : remaining.toMillis() / perFork;
        String cap = shareIsTighter
            ? "its share of the run's time budget (" + duration(budget.shareLeft().isNegative() ? Duration.ZERO
                : budget.shareLeft()) + " left, a fork of the imprecise figures takes " + duration(Duration.ofMillis(perFork)) + ")"
            : String.format(Locale.ROOT, "the extra time (%.1f times the first run, %s)",
                timeBudget, duration(Duration.ofMillis((long) (budget.firstRun().toMillis() * timeBudget))));
        if (affordable < 1) {
            return new GiveUp(imprecise, cap);
        }
        if (withinReach && affordable * 2 < forks) {
            return new GiveUp(imprecise, cap + ", which affords " + affordable + " of the " + forks
                + " more forks they want: a round that short would leave them wide");
        }
        forks = (int) Math.min(forks, affordable);
        return new MoreForks(selection, forks, imprecise, Duration.ofMillis(perFork * forks));
    }

    /**
     * Forks to add so that {@code r} should reach its target: from the square-root law for a ratio
     * with an interval, else up to {@link #minForks}; at least one.
     */
    int forksWanted(Ratio r) {
        int n = Math.min(r.forks(), r.peerForks());
        int goal = minForks;
        if (r.hasInterval() && r.relativeHalfWidth() > r.target()) {
            double scale = r.relativeHalfWidth() / r.target();
            // The tolerance keeps a rounding error from asking for one fork more.
            goal = Math.max(goal, (int) Math.ceil(n * scale * scale * MARGIN - 1e-9));
        }
        return Math.max(1, goal - n);
    }

    /** "createStartWaitDelete drydock/crun ±7.9% > ±5% over 5+5 forks", "bootToReady vm/qemu 1+1 forks (too few)". */
    static String reason(Ratio r) {
        String forks = r.forks() + "+" + r.peerForks() + (r.paired() ? " paired" : "") + " forks";
        if (r.precision() == RatioPrecision.TOO_FEW_FORKS) {
            return measurement(r) + " " + r.platform() + "/" + r.peer() + " " + forks + " (too few)";
        }
        return String.format(Locale.ROOT, "%s %s/%s ±%.1f%% > ±%s%% over %s", measurement(r), r.platform(), r.peer(),
            100 * r.relativeHalfWidth(), percent(r.target()), forks);
    }

    /** 0.05 as "5", a goal's narrower aim such as 0.0094 as "0.9": never rounded to a whole percent it is not. */
    static String percent(double fraction) {
        double p = 100 * fraction;
        return Math.abs(p - Math.rint(p)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p);
    }

    /** The method, its metric if secondary, its parameters other than the platform. */
    private static String measurement(Ratio r) {
        StringBuilder b = new StringBuilder(r.benchmark().substring(r.benchmark().lastIndexOf('.') + 1));
        if (!io.drydock.results.schema.Figure.PRIMARY.equals(r.metric())) {
            b.append(':').append(r.metric());
        }
        if (!r.limits().isEmpty()) {
            b.append(' ').append(r.limits());
        }
        return b.toString();
    }

    /** A duration for the progress display: "1m20s", "45s". */
    public static String duration(Duration d) {
        long s = Math.max(0, (d.toMillis() + 500) / 1000);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
