package io.drydock.results.stats;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKey;
import io.drydock.results.schema.ResultFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a new run with a base run, figure by figure, and gives each a verdict a CI job can act
 * on.
 *
 * <p>Each fork is one sample (forks are independent JVMs; iterations within a fork are not
 * independent of each other). Per figure:
 * <ol>
 *   <li>the same samples on both sides (a run compared with itself): <b>no change</b>;</li>
 *   <li>fewer than {@code minForks} forks on a side, or a sample that is not positive: <b>inconclusive</b>;</li>
 *   <li>the ratio mean(new)/mean(base) gets a seeded percentile-bootstrap confidence interval;</li>
 *   <li>the p-value of "no change" comes from Welch's t-test on the logarithms of the samples, and is
 *       adjusted across all tested figures with Benjamini-Hochberg (q);</li>
 *   <li><b>regression</b> (or <b>improvement</b>): q ≤ α, the bootstrap interval excludes 1, and the
 *       ratio is worse (better) than 1 by more than the threshold;</li>
 *   <li><b>no change</b>: both the bootstrap interval and the Welch t-interval of the ratio lie within
 *       [1 − threshold, 1 + threshold]. The t-interval is required too because the percentile
 *       bootstrap is too narrow with a handful of forks, and a CI must not call "no change" on
 *       evidence that thin;</li>
 *   <li>anything else: <b>inconclusive</b>, rerun with more forks.</li>
 * </ol>
 */
public final class AbComparator {
    private final CompareSettings settings;

    /** @param settings how to decide */
    public AbComparator(CompareSettings settings) {
        this.settings = settings;
    }

    /**
     * Compares {@code next} against {@code base}.
     *
     * @throws ComparisonException when both record machines that differ (unless allowed), a figure is on one side
     *                             only (unless allowed), or a figure changed unit or direction
     */
    public Comparison compare(ResultFile base, ResultFile next) throws ComparisonException {
        // Only machines both recorded and different are refused: raw JMH files record none, and a CI job
        // that compares two of them is trusted to have run both on one host (the output says so).
        HostCheck hosts = HostCheck.of(base.machine(), next.machine());
        if (hosts.match() == HostCheck.Match.DIFFERENT && !settings.allowDifferentHosts()) {
            throw new ComparisonException("the two results come from different machines; a verdict across hosts"
                    + " measures the hosts, not the change. Pass --allow-different-hosts to compare anyway",
                    hosts.differences());
        }
        Map<FigureKey, Figure> b = index(base);
        Map<FigureKey, Figure> n = index(next);
        List<FigureKey> onlyBase = b.keySet().stream().filter(k -> !n.containsKey(k)).toList();
        List<FigureKey> onlyNew = n.keySet().stream().filter(k -> !b.containsKey(k)).toList();
        if ((!onlyBase.isEmpty() || !onlyNew.isEmpty()) && !settings.allowMissing()) {
            List<String> lines = new ArrayList<>();
            onlyBase.forEach(k -> lines.add("missing in NEW: " + k.label()));
            onlyNew.forEach(k -> lines.add("missing in BASE: " + k.label()));
            throw new ComparisonException("some figures are measured on one side only; pass --allow-missing to"
                    + " compare the rest", lines);
        }
        List<String> mismatches = new ArrayList<>();
        List<FigureKey> common = b.keySet().stream().filter(n::containsKey).toList();
        for (FigureKey k : common) {
            Figure fb = b.get(k);
            Figure fn = n.get(k);
            if (!fb.unit().equals(fn.unit())) {
                mismatches.add(k.label() + ": unit " + fb.unit() + " in BASE but " + fn.unit() + " in NEW");
            } else if (fb.better() != fn.better()) {
                mismatches.add(k.label() + ": " + fb.better() + "-is-better in BASE but " + fn.better() + " in NEW");
            }
        }
        if (!mismatches.isEmpty()) {
            throw new ComparisonException("some figures are not measured the same way on both sides", mismatches);
        }
        if (common.isEmpty()) {
            throw new ComparisonException("the two results have no figure in common", List.of());
        }

        Bootstrap bootstrap = new Bootstrap(settings.seed(), settings.resamples());
        List<Partial> partials = new ArrayList<>();
        for (FigureKey k : common) {
            partials.add(measure(k, b.get(k), n.get(k), bootstrap));
        }
        double[] p = partials.stream().filter(x -> x.welch != null).mapToDouble(x -> x.welch.p()).toArray();
        double[] q = BenjaminiHochberg.adjust(p);
        List<FigureComparison> out = new ArrayList<>();
        int qi = 0;
        for (Partial x : partials) {
            double qx = x.welch == null ? Double.NaN : q[qi++];
            out.add(decide(x, qx));
        }
        return new Comparison(out, onlyBase, onlyNew, hosts, settings);
    }

    private record Partial(FigureKey key, Figure base, Figure next, double[] bs, double[] ns, double ratio,
                           Interval interval, WelchTest welch, String untestable) {
    }

    private Partial measure(FigureKey k, Figure fb, Figure fn, Bootstrap bootstrap) {
        double[] bs = fb.samples();
        double[] ns = fn.samples();
        double ratio = fn.mean() / fb.mean();
        Interval ci = null;
        WelchTest welch = null;
        String untestable = null;
        if (bs.length < settings.minForks() || ns.length < settings.minForks()) {
            untestable = String.format(Locale.ROOT, "%d forks in BASE and %d in NEW; a verdict needs at least %d"
                    + " on each side: rerun with more forks", bs.length, ns.length, settings.minForks());
        } else if (Arrays.stream(bs).anyMatch(v -> v <= 0) || Arrays.stream(ns).anyMatch(v -> v <= 0)) {
            untestable = "some samples are zero or negative, and a ratio test needs positive values";
        } else {
            ci = bootstrap.ratioOfMeans(bs, ns, settings.confidence());
            welch = WelchTest.onLogs(bs, ns);
        }
        if (ci == null && Double.isFinite(ratio)) {
            ci = new Interval(ratio, ratio);
        }
        return new Partial(k, fb, fn, bs, ns, ratio, ci, welch, untestable);
    }

    private FigureComparison decide(Partial x, double q) {
        double t = settings.threshold();
        Verdict verdict;
        String reason;
        if (sameSamples(x.bs, x.ns) && x.bs.length >= settings.minForks()) {
            // The very same measurements on both sides (a run compared with itself): the change is known to be none.
            verdict = Verdict.NO_CHANGE;
            reason = "identical samples on both sides";
        } else if (x.welch == null) {
            verdict = Verdict.INCONCLUSIVE;
            reason = x.untestable;
        } else {
            boolean worse = x.base.better() == Better.LOWER ? x.ratio > 1 : x.ratio < 1;
            boolean significant = q <= settings.fdr() && !x.interval.contains(1);
            boolean large = Math.abs(x.ratio - 1) > t;
            Interval tInterval = x.welch.ratioInterval(settings.confidence());
            String ci = String.format(Locale.ROOT, "[%.3f, %.3f]", x.interval.low(), x.interval.high());
            if (significant && large) {
                verdict = worse ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
                reason = String.format(Locale.ROOT, "%s by %.1f%% (ratio %s, q=%.2g ≤ %.2g)",
                        worse ? "worse" : "better", Math.abs(x.ratio - 1) * 100, ci, q, settings.fdr());
            } else if (x.interval.within(1 - t, 1 + t) && tInterval.within(1 - t, 1 + t)) {
                verdict = Verdict.NO_CHANGE;
                reason = String.format(Locale.ROOT, "ratio %s within ±%.0f%%", ci, t * 100);
            } else if (significant) {
                verdict = Verdict.INCONCLUSIVE;
                reason = String.format(Locale.ROOT, "a %.1f%% change is significant but its interval %s reaches"
                        + " past ±%.0f%%: rerun with more forks to tell", Math.abs(x.ratio - 1) * 100, ci, t * 100);
            } else {
                verdict = Verdict.INCONCLUSIVE;
                reason = String.format(Locale.ROOT, "interval %s (t-interval [%.3f, %.3f]) is wider than ±%.0f%%"
                        + " and the change is not significant (q=%.2g): rerun with more forks",
                        ci, tInterval.low(), tInterval.high(), t * 100, q);
            }
        }
        return new FigureComparison(x.key, x.base.unit(), x.base.better(), x.bs.length, x.ns.length,
                x.base.mean(), x.next.mean(), x.ratio, x.interval,
                x.welch == null ? Double.NaN : x.welch.p(), q, verdict, reason);
    }

    private static boolean sameSamples(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        return Arrays.equals(x, y);
    }

    private static Map<FigureKey, Figure> index(ResultFile r) {
        Map<FigureKey, Figure> m = new TreeMap<>();
        for (Figure f : r.figures()) {
            m.put(f.key(), f);
        }
        return m;
    }
}
