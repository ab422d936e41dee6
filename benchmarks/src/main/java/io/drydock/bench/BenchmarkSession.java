package io.drydock.bench;

import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKey;
import io.drydock.results.schema.Ratio;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.stats.PeerRatios;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs the benchmarks of {@code drydock bench} one by one with a profile and, where the profile is
 * adaptive, tops each up with forks until every ratio is within its target or a cap of the
 * {@link PrecisionPolicy} is reached. Extra forks join the same figures (forks are independent
 * samples). The progress display says what is rerun and why, and which ratios stayed imprecise.
 */
public final class BenchmarkSession {
    /** Runs JMH on a selection and returns its figures. */
    @FunctionalInterface
    public interface Launcher {
        /**
         * @param includes JMH include regexes
         * @param params   JMH parameter overrides
         * @param profile  how much to measure
         * @param label    a name for this run's raw output ({@code startup}, {@code startup-more-1})
         */
        List<Figure> run(List<String> includes, Map<String, List<String>> params, BenchmarkProfile profile, String label)
            throws IOException, RunnerException;
    }

    /**
     * A benchmark's figures and ratios after all its rounds.
     *
     * @param figures    every figure, extra forks merged in
     * @param ratios     the ratios, with the forks added and whether the caps stopped them
     * @param extraForks how many forks the rounds added, in all
     * @param capNote    the cap that stopped the rounds with ratios still imprecise, or null
     */
    public record Outcome(List<Figure> figures, List<Ratio> ratios, int extraForks, String capNote) {
        /** Copies. */
        public Outcome {
            figures = List.copyOf(figures);
            ratios = List.copyOf(ratios);
        }
    }

    private final BenchmarkProfile profile;
    private final PrecisionPolicy policy;
    private final PeerRatios peerRatios;
    private final Launcher launcher;
    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final boolean emulatedGuests;
    private final java.util.function.Predicate<Ratio> refined;
    private final Goals goals;
    /** Each benchmark's state after its rounds, for {@link #moreForGoals}. */
    private final Map<String, Rounds> states = new HashMap<>();

    /**
     * Ratios beyond the peer ratios that a benchmark's precision rounds also chase, each with its
     * own target (e.g. drydock's CPU against the host's to ±2%). They steer the rounds only; the
     * outcome's ratios stay the peer ratios.
     */
    @FunctionalInterface
    public interface Goals {
        /** The goal ratios of benchmark {@code name} over its current {@code figures}. */
        List<Ratio> of(String name, java.util.Collection<Figure> figures);

        /** No goals beyond the peer ratios. */
        Goals NONE = (name, figures) -> List.of();
    }

    /**
     * @param profile    how much to measure; reruns only when {@link BenchmarkProfile#adaptive()}
     * @param policy     when to rerun and when to stop
     * @param peerRatios how ratios and their intervals are computed
     * @param launcher   runs JMH
     * @param out        the progress display
     * @param nanoTime   the clock ({@code System::nanoTime})
     */
    public BenchmarkSession(BenchmarkProfile profile, PrecisionPolicy policy, PeerRatios peerRatios, Launcher launcher,
            PrintStream out, LongSupplier nanoTime) {
        this(profile, policy, peerRatios, launcher, out, nanoTime, false, Goals.NONE);
    }

    /**
     * A session that also chases {@code goals}. With {@code emulatedGuests} (VMs run under TCG here)
     * a guest's ratios to the host get no extra forks, and in the default profile a guest whose only
     * peer is the host runs one fork: those ratios measure QEMU's emulation, which no fork turns
     * into a statement about virtualisation. A guest against a guest (libvirt against bare QEMU)
     * is refined as any other ratio.
     */
    public BenchmarkSession(BenchmarkProfile profile, PrecisionPolicy policy, PeerRatios peerRatios, Launcher launcher,
            PrintStream out, LongSupplier nanoTime, boolean emulatedGuests, Goals goals) {
        this.emulatedGuests = emulatedGuests;
        this.refined = r -> !(emulatedGuests && guestToHost(r));
        this.goals = goals;
        this.profile = profile;
        this.policy = policy;
        this.peerRatios = peerRatios;
        this.launcher = launcher;
        this.out = out;
        this.nanoTime = nanoTime;
    }

    /**
     * A launcher that runs {@link BenchmarkRunner} and keeps each run's JMH JSON as
     * {@code rawDir/<label>.json}, and JMH's own output as {@code rawDir/<label>.log}; the terminal
     * gets one live line per benchmark on {@code status}.
     */
    public static Launcher jmh(Path rawDir, Path work, StatusLine status) {
        ResultCodec codec = new ResultCodec();
        return (includes, params, profile, label) -> {
            Files.createDirectories(rawDir);
            Path json = rawDir.resolve(label + ".json");
            Path log = rawDir.resolve(label + ".log");
            JmhProgress progress = new JmhProgress(log, status, label, System::nanoTime);
            // JMH prints what the forks' own code writes (a benchmark's set-up lines) on this JVM's
            // stdout and stderr, around the output format: into the log with the rest, so the
            // terminal keeps its one live line. The status line holds the terminal's own stream.
            PrintStream stdout = System.out;
            PrintStream stderr = System.err;
            System.setOut(progress.log());
            System.setErr(progress.log());
            try {
                BenchmarkRunner.run(includes, params, profile, json, work, progress);
            } catch (RunnerException e) {
                // What failed is in JMH's output, which went to the log: name it and show its end.
                status.clear();
                progress.finish();
                throw new RunnerException("benchmark run '" + label + "' failed: "
                    + JmhProgress.firstFailure(log).orElse(e.getMessage())
                    + "; JMH's output is in " + log + ", ending:\n" + JmhProgress.tail(log, 25), e);
            } finally {
                System.setOut(stdout);
                System.setErr(stderr);
                progress.finish();
            }
            try {
                return codec.read(json).figures();
            } catch (io.drydock.results.schema.ResultFormatException e) {
                throw new IOException("JMH wrote a result drydock cannot read: " + e.getMessage(), e);
            }
        };
    }

    /**
     * Runs {@code entry}, then its extra rounds. A {@link WorkloadRuns} benchmark's primary
     * metric (the time of a whole instance run, start-up included) is left out: its figures are
     * its secondary metrics, and start-up has a benchmark of its own.
     */
    public Outcome run(BenchmarkCatalog.Entry entry) throws IOException, RunnerException {
        return run(entry, null);
    }

    /**
     * Runs {@code entry} within {@code share}, its part of the run's time budget (null: no budget):
     * the first run's forks beyond the policy's minimum and the extra rounds stop where the next
     * fork would end after the share. The minimum forks always run, so that every ratio can get a
     * trusted interval.
     */
    public Outcome run(BenchmarkCatalog.Entry entry, Duration share) throws IOException, RunnerException {
        boolean wholeRuns = workloadRuns(entry.include());
        BenchmarkProfile profile = wholeRuns ? this.profile.withAnnotatedIterations() : this.profile;
        long start = nanoTime.getAsLong();
        Long shareEnd = share == null ? null : start + share.toNanos();
        Map<FigureKey, Figure> figures = new LinkedHashMap<>();
        int annotated = profile.adaptive() && profile.forks() == 0 ? annotatedForks(entry.include()) : 0;
        List<Figure> first = annotated > 1
            ? interleaved(profile, List.of(entry.include()), entry.params(), annotated, entry.name(),
                shareEnd == null ? annotated : Math.min(annotated, policy.minForks()), shareEnd, onceOnly(entry))
            : fewerGuestForks(profile, entry);
        for (Figure f : first) {
            if (!(wholeRuns && Figure.PRIMARY.equals(f.metric()))) {
                figures.put(f.key(), f);
            }
        }
        Duration firstRun = Duration.ofNanos(nanoTime.getAsLong() - start);
        List<Ratio> ratios = peerRatios.of(figures.values());
        if (!profile.adaptive()) {
            return new Outcome(List.copyOf(figures.values()), ratios, 0, null);
        }
        long notRefined = ratios.stream().filter(r -> r.needsMorePrecision() && !refined.test(r)).count();
        if (notRefined > 0) {
            out.printf("      %s: %d ratio(s) of a guest under emulation (TCG) to the host get no extra forks:"
                + " they measure QEMU's emulation, which no fork turns into a VM overhead%n", entry.name(), notRefined);
        }
        Rounds state = new Rounds(entry, wholeRuns, profile, figures, firstRun, perForkFigure(firstRun, first.stream()
            .filter(f -> Figure.PRIMARY.equals(f.metric())).mapToInt(f -> f.forks().size()).sum()), ratios, notRefined);
        states.put(entry.name(), state);
        return rounds(state, shareEnd, false);
    }

    /**
     * Whether the run of benchmark {@code name} ended with a goal ratio still wider than it aims
     * for, so that {@link #moreForGoals} could narrow it: false for a benchmark not run, not run
     * adaptively, or without goals.
     */
    public boolean goalsOpen(String name) {
        Rounds s = states.get(name);
        return s != null && goals.of(name, s.figures.values()).stream().filter(refined).anyMatch(Ratio::needsMorePrecision);
    }

    /**
     * A second chance for the goals of {@code entry}, which {@link #run(BenchmarkCatalog.Entry, Duration)}
     * ran before: where its goal rounds stopped at the benchmark's share of the time budget, the
     * time the other benchmarks left at the end of the run buys more. Goal rounds only (drydock and
     * the host, the open goals' figures), within {@code share}, with the policy's caps of rounds
     * counted afresh; their forks join the benchmark's figures, and the outcome replaces the one
     * its run returned.
     */
    public Outcome moreForGoals(BenchmarkCatalog.Entry entry, Duration share) throws IOException, RunnerException {
        Rounds state = states.get(entry.name());
        if (state == null) {
            throw new IllegalStateException("benchmark " + entry.name() + " has not run in this session");
        }
        return rounds(state, nanoTime.getAsLong() + share.toNanos(), true);
    }

    /**
     * A benchmark's state between its precision rounds: its figures, the forks the rounds added,
     * what they cost, the rounds run and the cap that stopped the last pass.
     */
    private static final class Rounds {
        final BenchmarkCatalog.Entry entry;
        final boolean wholeRuns;
        final BenchmarkProfile profile;
        final Map<FigureKey, Figure> figures;
        final Duration firstRun;
        final long notRefined;
        final Map<FigureKey, Integer> extra = new HashMap<>();
        Duration perForkFigure;
        List<Ratio> ratios;
        Duration spent = Duration.ZERO;
        String capNote;
        int added;
        int round;

        Rounds(BenchmarkCatalog.Entry entry, boolean wholeRuns, BenchmarkProfile profile, Map<FigureKey, Figure> figures,
                Duration firstRun, Duration perForkFigure, List<Ratio> ratios, long notRefined) {
            this.entry = entry;
            this.wholeRuns = wholeRuns;
            this.profile = profile;
            this.figures = figures;
            this.firstRun = firstRun;
            this.perForkFigure = perForkFigure;
            this.ratios = ratios;
            this.notRefined = notRefined;
        }
    }

    /**
     * Precision rounds of one benchmark until its ratios are within target or a cap stops them;
     * {@code goalsOnly}: its open goal ratios alone, and no round for the others.
     */
    private Outcome rounds(Rounds s, Long shareEnd, boolean goalsOnly) throws IOException, RunnerException {
        BenchmarkCatalog.Entry entry = s.entry;
        int passStart = s.round;
        for (; ; s.round++) {
            Duration shareLeft = shareEnd == null ? null : Duration.ofNanos(shareEnd - nanoTime.getAsLong());
            List<Ratio> goalRatios = goals.of(entry.name(), s.figures.values());
            List<Ratio> chased = new ArrayList<>(s.ratios.stream().filter(refined).toList());
            chased.addAll(goalRatios.stream().filter(refined).toList());
            PrecisionPolicy.Budget budget = new PrecisionPolicy.Budget(s.round - passStart, s.firstRun, s.spent, s.perForkFigure,
                shareLeft);
            // Goals first: while a goal ratio is wider than its target, a round reruns only its two
            // platforms and parameters (drydock and the host, one disk target), so the share buys it
            // two to four times the forks a round of every figure would; the rest follow once the
            // goals are met or cannot be, and only in a round that buys at least half the forks they
            // want (a shorter one leaves them wide and can reopen a goal met).
            List<Ratio> goalsOpen = goalRatios.stream().filter(refined).filter(Ratio::needsMorePrecision).toList();
            PrecisionPolicy.Decision d = goalsOpen.isEmpty() ? null : policy.next(goalsOpen, budget);
            // A goal round of a benchmark that can do less reads only its goals' figures: disk I/O then
            // runs fio's random-read job alone, a fork in less than half the time.
            Set<String> reads = Set.of();
            if (d instanceof PrecisionPolicy.MoreForks && readsAskedFigures(entry.include())) {
                reads = goalsOpen.stream().map(r -> r.key().metric()).collect(java.util.stream.Collectors.toSet());
            } else if (goalsOnly && !(d instanceof PrecisionPolicy.MoreForks)) {
                // The second chance ends where its goals do: met, or stopped by a cap.
                if (d instanceof PrecisionPolicy.GiveUp g) {
                    out.printf("      %s: goal ratios still open (cap: %s)%n", entry.name(), g.cap());
                }
                goalsRead(entry, goalRatios);
                break;
            } else if (!(d instanceof PrecisionPolicy.MoreForks)) {
                d = policy.nextWithinReach(chased, budget);
            }
            if (d instanceof PrecisionPolicy.Enough) {
                goalsRead(entry, goalRatios);
                long within = s.ratios.stream().filter(r -> !r.needsMorePrecision()).count();
                if (!s.ratios.isEmpty() && s.notRefined == 0) {
                    out.printf("      %s: all %d ratios within ±%.0f%%%n", entry.name(), s.ratios.size(), 100 * peerRatios.target());
                } else if (!s.ratios.isEmpty()) {
                    out.printf("      %s: %d of %d ratios within ±%.0f%%, every other one not refined (emulation)%n",
                        entry.name(), within, s.ratios.size(), 100 * peerRatios.target());
                }
                break;
            }
            if (d instanceof PrecisionPolicy.GiveUp g) {
                s.capNote = g.cap();
                out.printf("      %s: WARNING: %d ratio(s) still not within ±%.0f%% after %s (cap: %s):%n", entry.name(),
                    g.imprecise().size(), 100 * peerRatios.target(), s.added == 0 ? "no extra forks" : s.added + " extra forks",
                    g.cap());
                for (Ratio r : g.imprecise()) {
                    out.println("        " + PrecisionPolicy.reason(r));
                }
                break;
            }
            PrecisionPolicy.MoreForks more = (PrecisionPolicy.MoreForks) d;
            out.printf("      %s: rerun %d: %s%s%n", entry.name(), s.round + 1, more.describe(),
                reads.isEmpty() ? "" : "; its forks measure " + String.join(", ", new java.util.TreeSet<>(reads)) + " alone");
            long t = nanoTime.getAsLong();
            List<Figure> fresh = interleaved(s.profile.readingOnly(reads), more.selection().includes(), more.selection().params(),
                more.forks(), entry.name() + "-more-" + (s.round + 1), 1, shareEnd, Set.of());
            Duration took = Duration.ofNanos(nanoTime.getAsLong() - t);
            s.spent = s.spent.plus(took);
            int freshForks = 0;
            for (Figure f : fresh) {
                if (Figure.PRIMARY.equals(f.metric())) {
                    freshForks += f.forks().size();
                    if (s.wholeRuns) {
                        continue;
                    }
                }
                if (!reads.isEmpty() && !reads.contains(f.metric())) {
                    continue; // not measured in this round's forks
                }
                Figure before = s.figures.get(f.key());
                s.figures.put(f.key(), before == null ? f : before.withForksOf(f));
                s.extra.merge(f.key(), f.forks().size(), Integer::sum);
            }
            s.added += fresh.stream().mapToInt(f -> f.forks().size()).max().orElse(0);
            // The round measured the cost of the figures that need forks: a better estimate for the next.
            s.perForkFigure = perForkFigure(took, freshForks);
            s.ratios = peerRatios.of(s.figures.values());
        }
        boolean capped = s.capNote != null;
        List<Ratio> done = new ArrayList<>();
        for (Ratio r : s.ratios) {
            int e = Math.max(s.extra.getOrDefault(r.key(), 0), s.extra.getOrDefault(r.peerKey(), 0));
            done.add(r.withReruns(e, capped && refined.test(r)));
        }
        return new Outcome(List.copyOf(s.figures.values()), done, s.added, s.capNote);
    }

    /** Says the goal ratios' values and intervals, once read as precisely as their goals ask (or as the caps allowed). */
    private void goalsRead(BenchmarkCatalog.Entry entry, List<Ratio> goalRatios) {
        if (!goalRatios.isEmpty()) {
            // Whether each one is met, its value and interval say.
            out.printf("      %s: goal ratios read: %s%n", entry.name(), goalRatios.stream()
                .map(g -> String.format(java.util.Locale.ROOT, "%s %.3f [%.3f, %.3f]",
                    io.drydock.results.report.HeadlineTable.ratioLabel(g), g.value(), g.low(), g.high()))
                .collect(java.util.stream.Collectors.joining("; ")));
        }
    }

    /**
     * Whether {@code r} sets a guest (a VM, bare QEMU) against a platform that is not one (the host):
     * under TCG such a ratio measures QEMU's emulation of the CPU.
     */
    public static boolean guestToHost(Ratio r) {
        return GUEST_PLATFORMS.contains(r.platform()) && !GUEST_PLATFORMS.contains(r.peer());
    }

    /**
     * The platforms of {@code entry} that the default profile runs once: with emulated guests, the
     * guests that no other guest of the entry stands beside (their only peer is the host).
     */
    Set<String> onceOnly(BenchmarkCatalog.Entry entry) {
        if (!emulatedGuests) {
            return Set.of();
        }
        List<String> platforms = entry.params().getOrDefault("platform", entry.platforms());
        List<String> guests = platforms.stream().filter(GUEST_PLATFORMS::contains).toList();
        return guests.size() == 1 ? Set.of(guests.get(0)) : Set.of();
    }

    /** The platforms that boot a guest: each of their forks costs a boot under the host's hypervisor (seconds to a minute under TCG). */
    static final java.util.Set<String> GUEST_PLATFORMS = java.util.Set.of("vm", "qemu");

    /**
     * A fixed-fork profile's run of {@code entry}: the class's {@link QuickForks} if it has fewer, and
     * one fork for the platforms that boot a guest
     * when the profile asks for more: a guest's fork costs a boot (under TCG up to a minute on a
     * small host), which is most of {@code --quick}'s time, and its figures, an order of magnitude
     * from the host's, need no interval to be read. The others keep the profile's forks. Returns
     * the figures of both runs (their keys differ by platform).
     */
    private List<Figure> fewerGuestForks(BenchmarkProfile profile, BenchmarkCatalog.Entry entry)
            throws IOException, RunnerException {
        int quickForks = quickForks(entry.include());
        if (!profile.adaptive() && quickForks > 0 && quickForks < profile.forks()) {
            profile = profile.withForks(quickForks);
        }
        List<String> platforms = entry.params().getOrDefault("platform", entry.platforms());
        List<String> guests = platforms.stream().filter(GUEST_PLATFORMS::contains).toList();
        if (profile.adaptive() || profile.forks() <= 1 || guests.isEmpty()) {
            return launcher.run(List.of(entry.include()), entry.params(), profile, entry.name());
        }
        if (guests.size() == platforms.size()) {
            return launcher.run(List.of(entry.include()), entry.params(), profile.withForks(1), entry.name());
        }
        List<Figure> out = new ArrayList<>();
        Map<String, List<String>> others = new LinkedHashMap<>(entry.params());
        others.put("platform", platforms.stream().filter(p -> !GUEST_PLATFORMS.contains(p)).toList());
        out.addAll(launcher.run(List.of(entry.include()), others, profile, entry.name()));
        Map<String, List<String>> guestParams = new LinkedHashMap<>(entry.params());
        guestParams.put("platform", guests);
        out.addAll(launcher.run(List.of(entry.include()), guestParams, profile.withForks(1), entry.name() + "-guests"));
        return out;
    }

    /**
     * {@code forks} forks as that many runs of one fork each, every platform once per run and in
     * reversed order every other run, merged into one figure per key. JMH itself runs all forks of
     * one platform before the next, so a machine whose load drifts during the run would move one
     * side of a ratio and not the other; interleaved, drift reaches both sides alike. Each fork
     * keeps the name of its run ({@link Figure#slots()}), so a ratio's interval can resample the
     * pairs that ran together ({@link io.drydock.results.stats.ForkPairs}).
     */
    private List<Figure> interleaved(BenchmarkProfile profile, List<String> includes, Map<String, List<String>> params, int forks,
            String label, int atLeast, Long shareEnd, Set<String> once)
            throws IOException, RunnerException {
        Map<FigureKey, Figure> merged = new LinkedHashMap<>();
        long began = nanoTime.getAsLong();
        for (int i = 0; i < forks; i++) {
            if (i == 1 && !once.isEmpty() && params.containsKey("platform")) {
                List<String> rest = params.get("platform").stream().filter(p -> !once.contains(p)).toList();
                if (rest.isEmpty()) {
                    break;
                }
                params = new LinkedHashMap<>(params);
                params.put("platform", rest);
            }
            long now = nanoTime.getAsLong();
            if (shareEnd != null && i >= atLeast && i > 0 && now + (now - began) / i > shareEnd) {
                out.printf("      %s: %d of %d forks: one more would end after the benchmark's share of the run's time"
                    + " budget%n", label, i, forks);
                break;
            }
            Map<String, List<String>> p = params;
            if (i % 2 == 1 && params.containsKey("platform")) {
                p = new LinkedHashMap<>(params);
                p.put("platform", params.get("platform").reversed());
            }
            String name = forks == 1 ? label : label + "-" + (i + 1);
            for (Figure run : launcher.run(includes, p, profile.withForks(1), name)) {
                // Every figure of this run names it: its forks pair with the other platforms' of the same run.
                Figure f = run.inSlot(name);
                Figure before = merged.get(f.key());
                merged.put(f.key(), before == null ? f : before.withForksOf(f));
            }
        }
        return List.copyOf(merged.values());
    }

    /**
     * The {@code @Fork} count of the benchmark class an include regex names
     * ({@code ^io\.drydock\.bench\.StartupBenchmark\.}), or 0 when it names none.
     */
    static int annotatedForks(String include) {
        org.openjdk.jmh.annotations.Fork fork = benchmarkClass(include)
            .map(c -> c.getAnnotation(org.openjdk.jmh.annotations.Fork.class)).orElse(null);
        return fork == null ? 0 : Math.max(fork.value(), 0);
    }

    /** The {@link QuickForks} of the benchmark class an include regex names, or 0 when it has none. */
    static int quickForks(String include) {
        QuickForks q = benchmarkClass(include).map(c -> c.getAnnotation(QuickForks.class)).orElse(null);
        return q == null ? 0 : Math.max(q.value(), 1);
    }

    /** Whether the benchmark class an include regex names is marked {@link ReadsAskedFigures}. */
    static boolean readsAskedFigures(String include) {
        return benchmarkClass(include).map(c -> c.isAnnotationPresent(ReadsAskedFigures.class)).orElse(false);
    }

    /** Whether the benchmark class an include regex names is marked {@link WorkloadRuns}. */
    static boolean workloadRuns(String include) {
        return benchmarkClass(include).map(c -> c.isAnnotationPresent(WorkloadRuns.class)).orElse(false);
    }

    /** The class an include regex names, if it names one. */
    private static java.util.Optional<Class<?>> benchmarkClass(String include) {
        String name = include.replaceFirst("^\\^", "").replaceFirst("\\\\\\.$", "").replace("\\.", ".");
        try {
            return java.util.Optional.of(Class.forName(name));
        } catch (ClassNotFoundException | LinkageError e) {
            return java.util.Optional.empty();
        }
    }

    private static Duration perForkFigure(Duration took, int forkFigures) {
        return forkFigures == 0 ? took : took.dividedBy(forkFigures);
    }
}
