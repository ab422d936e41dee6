package io.drydock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import io.drydock.results.schema.Ratio;
import io.drydock.results.schema.RatioPrecision;
import io.drydock.results.stats.PeerRatios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BenchmarkSessionTest {
    private static final String START = "io.drydock.bench.StartupBenchmark.createStartWaitDelete";
    private static final BenchmarkCatalog.Entry STARTUP = new BenchmarkCatalog.Entry("startup",
        "^io\\.drydock\\.bench\\.StartupBenchmark\\.", List.of("host", "crun", "drydock"),
        Map.of("platform", List.of("host", "crun", "drydock")));

    /** A JMH stand-in: seeded samples around a mean per platform; each fork of each figure takes 1 s of fake time. */
    static final class FakeJmh implements BenchmarkSession.Launcher {
        final Map<String, Double> means = Map.of("host", 2.0, "crun", 20.0, "drydock", 50.0, "vm", 4000.0, "qemu", 3600.0);
        final Map<String, Double> noise;
        final Random random = new Random(42);
        final List<Map<String, List<String>>> params = new ArrayList<>();
        final List<List<String>> includes = new ArrayList<>();
        final List<Integer> forks = new ArrayList<>();
        long nanos;

        FakeJmh(Map<String, Double> noise) {
            this.noise = noise;
        }

        @Override
        public List<Figure> run(List<String> inc, Map<String, List<String>> par, BenchmarkProfile profile, String label) {
            includes.add(inc);
            params.add(par);
            int n = profile.forks() == 0 ? 5 : profile.forks(); // the annotation's 5 forks for the first run
            forks.add(n);
            List<Figure> out = new ArrayList<>();
            for (String p : par.get("platform")) {
                List<List<Double>> f = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    f.add(List.of(means.get(p) * Math.exp(random.nextGaussian() * noise.get(p))));
                    nanos += 1_000_000_000L;
                }
                out.add(new Figure(START, Figure.PRIMARY, "ss", "ms/op", Better.LOWER, FigureKind.STARTUP_TIME, p,
                    "busybox-true", new TreeMap<>(), f));
            }
            return out;
        }
    }

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private BenchmarkSession session(BenchmarkProfile profile, FakeJmh jmh) {
        return new BenchmarkSession(profile, PrecisionPolicy.DEFAULT, PeerRatios.defaults(), jmh,
            new PrintStream(progress, true, StandardCharsets.UTF_8), () -> jmh.nanos);
    }

    private String progress() {
        return progress.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_quickWithAVm_givesTheVmOneForkAndTheOthersTheProfilesForks() throws Exception {
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.01, "crun", 0.01, "vm", 0.01));
        // The fake reports a primary figure, which a workload benchmark's run leaves out: start-up's include.
        BenchmarkCatalog.Entry mixed = new BenchmarkCatalog.Entry("mixed", STARTUP.include(),
            List.of("host", "crun", "vm"), Map.of("platform", List.of("host", "crun", "vm")));

        BenchmarkSession.Outcome o = session(BenchmarkProfile.QUICK, jmh).run(mixed);

        assertThat(jmh.params).extracting(p -> p.get("platform")).containsExactly(List.of("host", "crun"), List.of("vm"));
        assertThat(jmh.forks).containsExactly(2, 1);
        assertThat(o.figures()).filteredOn(f -> f.platform().equals("vm")).singleElement()
            .satisfies(f -> assertThat(f.forks()).hasSize(1));
        assertThat(o.figures()).filteredOn(f -> !f.platform().equals("vm")).hasSize(2)
            .allSatisfy(f -> assertThat(f.forks()).hasSize(2));
    }

    @Test
    void run_quickWithGuestsOnly_runsOneFork() throws Exception {
        FakeJmh jmh = new FakeJmh(Map.of("vm", 0.01, "qemu", 0.01));
        BenchmarkCatalog.Entry boot = new BenchmarkCatalog.Entry("boot", "^io\\.drydock\\.bench\\.BootBenchmark\\.",
            List.of("vm", "qemu"), Map.of("platform", List.of("vm", "qemu")));

        session(BenchmarkProfile.QUICK, jmh).run(boot);

        assertThat(jmh.forks).containsExactly(1);
    }

    @Test
    void run_quickOfAQuickForksBenchmark_runsItsForks() throws Exception {
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.01, "crun", 0.01, "vm", 0.01));
        // DensityBenchmark is marked @QuickForks(1).
        BenchmarkCatalog.Entry density = new BenchmarkCatalog.Entry("density", "^io\\.drydock\\.bench\\.DensityBenchmark\\.",
            List.of("host", "crun", "vm"), Map.of("platform", List.of("host", "crun", "vm")));

        session(BenchmarkProfile.QUICK, jmh).run(density);

        assertThat(BenchmarkSession.quickForks(density.include())).isEqualTo(1);
        // One run of one fork for every platform, the VM with the others.
        assertThat(jmh.forks).containsExactly(1);
    }

    @Test
    void run_steadyFigures_needNoRerun() throws Exception {
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.01, "crun", 0.01, "drydock", 0.01));
        BenchmarkSession.Outcome o = session(BenchmarkProfile.FULL, jmh).run(STARTUP);
        // The annotation's 5 forks, as 5 interleaved runs of one fork each.
        assertThat(jmh.forks).containsExactly(1, 1, 1, 1, 1);
        assertThat(o.figures()).allSatisfy(f -> assertThat(f.forks()).hasSize(5));
        assertThat(o.extraForks()).isZero();
        assertThat(o.capNote()).isNull();
        assertThat(o.ratios()).extracting(Ratio::precision).containsOnly(RatioPrecision.WITHIN);
        assertThat(o.ratios()).extracting(r -> r.platform() + "/" + r.peer()).containsExactlyInAnyOrder("crun/host", "drydock/crun");
        assertThat(progress()).contains("startup: all 2 ratios within ±5%");
    }

    @Test
    void run_noisyPlatform_rerunsOnlyItsRatiosPlatforms_andMergesTheForks() throws Exception {
        // drydock is noisy: drydock/crun is wide, crun/host is not.
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.005, "crun", 0.005, "drydock", 0.08));
        BenchmarkSession.Outcome o = session(BenchmarkProfile.FULL, jmh).run(STARTUP);
        assertThat(jmh.forks.size()).isGreaterThan(1);
        assertThat(jmh.params.get(5).get("platform")).containsExactlyInAnyOrder("crun", "drydock");
        assertThat(jmh.includes.get(5)).containsExactly("^io\\.drydock\\.bench\\.StartupBenchmark\\.createStartWaitDelete$");
        int total = jmh.forks.stream().mapToInt(Integer::intValue).sum();
        Figure drydock = o.figures().stream().filter(f -> f.platform().equals("drydock")).findFirst().orElseThrow();
        Figure host = o.figures().stream().filter(f -> f.platform().equals("host")).findFirst().orElseThrow();
        assertThat(drydock.forks()).hasSize(total);
        assertThat(host.forks()).hasSize(5);
        Ratio r = o.ratios().stream().filter(x -> x.platform().equals("drydock")).findFirst().orElseThrow();
        assertThat(r.extraForks()).isEqualTo(total - 5);
        assertThat(r.forks()).isEqualTo(total);
        assertThat(progress()).contains("startup: rerun 1: ").contains("of createStartWaitDelete on crun, drydock")
            .contains("drydock/crun ±");
        // Either the interval got narrow, or the run says it gave up on it.
        assertThat(r.precision() == RatioPrecision.WITHIN || r.capped()).isTrue();
    }

    @Test
    void run_hopelesslyNoisyPlatform_isFlaggedAndWarnedAboutAtTheCap() throws Exception {
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.005, "crun", 0.005, "drydock", 1.5));
        BenchmarkSession.Outcome o = session(BenchmarkProfile.FULL, jmh).run(STARTUP);
        assertThat(o.capNote()).isNotNull();
        Ratio r = o.ratios().stream().filter(x -> x.platform().equals("drydock")).findFirst().orElseThrow();
        assertThat(r.precision()).isEqualTo(RatioPrecision.WIDE);
        assertThat(r.capped()).isTrue();
        assertThat(r.extraForks()).isPositive();
        Ratio steady = o.ratios().stream().filter(x -> x.platform().equals("crun")).findFirst().orElseThrow();
        assertThat(steady.capped()).isFalse();
        assertThat(progress()).contains("startup: WARNING: 1 ratio(s) still not within ±5%").contains("cap: ");
    }

    @Test
    void run_withAShareOfTheTimeBudget_stopsAtTheMinimumForks_andAddsNoRound() throws Exception {
        // Each fork of each platform takes 1 s of fake time: 3 s per interleaved fork, a 5 s share.
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.005, "crun", 0.005, "drydock", 0.3));
        BenchmarkSession.Outcome o = session(BenchmarkProfile.FULL, jmh).run(STARTUP, java.time.Duration.ofSeconds(5));
        // The policy's 3 forks run although the share is spent after two: a ratio needs them to be trusted.
        assertThat(jmh.forks).containsExactly(1, 1, 1);
        assertThat(o.extraForks()).isZero();
        assertThat(o.capNote()).contains("share of the run's time budget");
        assertThat(progress()).contains("startup: 3 of 5 forks: one more would end after the benchmark's share");
        Ratio r = o.ratios().stream().filter(x -> x.platform().equals("drydock")).findFirst().orElseThrow();
        assertThat(r.capped()).isTrue();
    }

    @Test
    void run_withALargeShare_runsTheAnnotatedForks() throws Exception {
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.01, "crun", 0.01, "drydock", 0.01));
        session(BenchmarkProfile.FULL, jmh).run(STARTUP, java.time.Duration.ofMinutes(10));
        assertThat(jmh.forks).containsExactly(1, 1, 1, 1, 1);
    }

    @Test
    void run_ratiosLeftUnrefined_getNoRounds_andAreNotFlaggedAsCapped() throws Exception {
        // A guest against the host, as a VM under TCG is: noisy, and no fork may be spent on it.
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.005, "vm", 0.5));
        BenchmarkCatalog.Entry guest = new BenchmarkCatalog.Entry("guest", STARTUP.include(), List.of("host", "vm"),
            Map.of("platform", List.of("host", "vm")));
        BenchmarkSession.Outcome o = new BenchmarkSession(BenchmarkProfile.FULL, PrecisionPolicy.DEFAULT, PeerRatios.defaults(),
            jmh, new PrintStream(progress, true, StandardCharsets.UTF_8), () -> jmh.nanos,
            true, BenchmarkSession.Goals.NONE).run(guest);
        // The guest runs in the first fork only; the host keeps the annotation's five.
        assertThat(jmh.forks).containsExactly(1, 1, 1, 1, 1);
        assertThat(jmh.params).extracting(p -> p.get("platform")).containsExactly(List.of("host", "vm"), List.of("host"),
            List.of("host"), List.of("host"), List.of("host"));
        Ratio r = o.ratios().stream().filter(x -> x.platform().equals("vm")).findFirst().orElseThrow();
        assertThat(r.peer()).isEqualTo("host");
        assertThat(r.precision()).isNotEqualTo(RatioPrecision.WITHIN);
        assertThat(r.capped()).isFalse();
        assertThat(o.capNote()).isNull();
        assertThat(progress()).contains("guest: 1 ratio(s) of a guest under emulation (TCG) to the host get no extra forks")
            .contains("guest: 0 of 1 ratios within ±5%, every other one not refined");
    }

    /** A full-profile session whose one goal is drydock against the host to ±1%. */
    private BenchmarkSession chasingDrydockAgainstHost(FakeJmh jmh) {
        PeerRatios tight = new PeerRatios(0.01, 0.95, 3, new io.drydock.results.stats.Bootstrap(1, 2_000));
        BenchmarkSession.Goals goals = (name, figures) -> {
            Figure d = figures.stream().filter(f -> f.platform().equals("drydock")).findFirst().orElseThrow();
            Figure h = figures.stream().filter(f -> f.platform().equals("host")).findFirst().orElseThrow();
            return List.of(tight.ratio(d, h).orElseThrow());
        };
        return new BenchmarkSession(BenchmarkProfile.FULL, PrecisionPolicy.DEFAULT, PeerRatios.defaults(),
            jmh, new PrintStream(progress, true, StandardCharsets.UTF_8), () -> jmh.nanos, false, goals);
    }

    @Test
    void run_goalRatio_isChasedToItsOwnTarget_butNotReported() throws Exception {
        // drydock/crun and crun/host are within ±5% after the first run; drydock/host is asked for ±1%.
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.02, "crun", 0.005, "drydock", 0.005));
        BenchmarkSession.Outcome o = chasingDrydockAgainstHost(jmh).run(STARTUP);
        assertThat(o.extraForks()).isPositive();
        assertThat(jmh.params.get(5).get("platform")).containsExactlyInAnyOrder("drydock", "host");
        assertThat(o.ratios()).extracting(r -> r.platform() + "/" + r.peer()).containsExactlyInAnyOrder("crun/host", "drydock/crun");
        assertThat(progress()).contains("drydock/host ±").contains("> ±1%");
        // Once read as precisely as asked: the goal in words, with its value and interval.
        assertThat(progress()).containsPattern("startup: goal ratios read: [^:\\n]+: drydock / host \\d+\\.\\d{3} \\[\\d+\\.\\d{3}, \\d+\\.\\d{3}\\]");
    }

    @Test
    void run_goalRatioOpen_rerunsOnlyItsPlatformsBeforeTheOtherRatios() throws Exception {
        // crun is noisy, so crun/host and drydock/crun are wide too; the goal drydock/host comes first.
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.02, "crun", 0.2, "drydock", 0.005));
        chasingDrydockAgainstHost(jmh).run(STARTUP);

        // Five interleaved first runs, then the goal's round on its two platforms alone.
        assertThat(jmh.params.size()).isGreaterThan(5);
        assertThat(jmh.params.get(5).get("platform")).containsExactlyInAnyOrder("drydock", "host");
        assertThat(progress()).contains("rerun 1: ").contains("on drydock, host");
    }

    @Test
    void run_goalMetAndTheOtherRatiosOutOfReach_runsNoRoundForThem_andSaysWhy() throws Exception {
        // The goal drydock/host is met by the first five forks; crun is so noisy that its ratios want
        // dozens of forks, and the share's 5 s left buy one fork of the three platforms.
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.002, "crun", 0.3, "drydock", 0.002));
        BenchmarkSession.Outcome o = chasingDrydockAgainstHost(jmh).run(STARTUP, java.time.Duration.ofSeconds(20));

        assertThat(jmh.forks).containsExactly(1, 1, 1, 1, 1);
        assertThat(o.extraForks()).isZero();
        assertThat(o.capNote()).contains("affords 1 of the").contains("a round that short would leave them wide");
        assertThat(progress()).doesNotContain("rerun").contains("startup: WARNING: 2 ratio(s) still not within ±5%");
    }

    @Test
    void moreForGoals_continuesTheGoalRoundsTheShareStopped_onDrydockAndTheHostAlone() throws Exception {
        // crun is noisy, so its ratios want dozens of forks; the goal drydock/host (±1%) is still open
        // when the first run's three forks have spent the 9 s share (1 s a fork of each figure).
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.02, "crun", 0.2, "drydock", 0.005));
        List<String> labels = new ArrayList<>();
        BenchmarkSession.Launcher spy = (inc, par, profile, label) -> {
            labels.add(label);
            return jmh.run(inc, par, profile, label);
        };
        BenchmarkSession session = new BenchmarkSession(BenchmarkProfile.FULL, PrecisionPolicy.DEFAULT, PeerRatios.defaults(),
            spy, new PrintStream(progress, true, StandardCharsets.UTF_8), () -> jmh.nanos, false, drydockAgainstHostToOnePercent());
        BenchmarkSession.Outcome first = session.run(STARTUP, java.time.Duration.ofSeconds(9));
        assertThat(first.extraForks()).isZero();
        assertThat(first.capNote()).contains("its share of the run's time budget");
        assertThat(session.goalsOpen("startup")).isTrue();

        BenchmarkSession.Outcome more = session.moreForGoals(STARTUP, java.time.Duration.ofSeconds(300));

        // Only drydock and the host ran after the first three runs, under names no earlier run had.
        assertThat(jmh.params.subList(3, jmh.params.size())).isNotEmpty()
            .allSatisfy(p -> assertThat(p.get("platform")).containsExactlyInAnyOrder("drydock", "host"));
        assertThat(labels).doesNotHaveDuplicates();
        assertThat(labels.subList(3, labels.size())).allSatisfy(l -> assertThat(l).startsWith("startup-more-"));
        assertThat(more.extraForks()).isPositive();
        Figure host = more.figures().stream().filter(f -> f.platform().equals("host")).findFirst().orElseThrow();
        Figure crun = more.figures().stream().filter(f -> f.platform().equals("crun")).findFirst().orElseThrow();
        assertThat(host.forks()).hasSize(3 + more.extraForks());
        assertThat(crun.forks()).hasSize(3);
        // crun's ratios are as wide as before and still flagged as stopped by a cap.
        assertThat(more.capNote()).isEqualTo(first.capNote());
        assertThat(more.ratios()).filteredOn(r -> r.platform().equals("crun")).allSatisfy(r -> assertThat(r.capped()).isTrue());
        assertThat(progress()).contains("startup: goal ratios read: ");
    }

    @Test
    void goalsOpen_isFalseForABenchmarkNotRun_andAGoalMet_andMoreForGoalsRefusesABenchmarkNotRun() throws Exception {
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.001, "crun", 0.001, "drydock", 0.001));
        BenchmarkSession session = new BenchmarkSession(BenchmarkProfile.FULL, PrecisionPolicy.DEFAULT, PeerRatios.defaults(),
            jmh, new PrintStream(progress, true, StandardCharsets.UTF_8), () -> jmh.nanos, false, drydockAgainstHostToOnePercent());
        assertThat(session.goalsOpen("startup")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.moreForGoals(STARTUP, java.time.Duration.ofMinutes(1)))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("startup");
        session.run(STARTUP);
        assertThat(session.goalsOpen("startup")).isFalse();
    }

    private static BenchmarkSession.Goals drydockAgainstHostToOnePercent() {
        PeerRatios tight = new PeerRatios(0.01, 0.95, 3, new io.drydock.results.stats.Bootstrap(1, 2_000));
        return (name, figures) -> List.of(tight.ratio(
            figures.stream().filter(f -> f.platform().equals("drydock")).findFirst().orElseThrow(),
            figures.stream().filter(f -> f.platform().equals("host")).findFirst().orElseThrow()).orElseThrow());
    }

    /**
     * A disk-I/O stand-in that does what a {@link ReadsAskedFigures} fork does: told which figures its
     * round reads, it reports the others as zero (their work not done).
     */
    static final class FakeDiskIo implements BenchmarkSession.Launcher {
        static final String BENCH = "io.drydock.bench.DiskIoBenchmark.fio";
        final Random random = new Random(7);
        final List<java.util.Set<String>> reads = new ArrayList<>();
        long nanos;

        @Override
        public List<Figure> run(List<String> inc, Map<String, List<String>> par, BenchmarkProfile profile, String label) {
            reads.add(profile.reads());
            List<Figure> out = new ArrayList<>();
            for (String p : par.get("platform")) {
                // The host's random reads move by 3% from fork to fork; sequential reads hardly at all.
                double rr = 60_000 * Math.exp(random.nextGaussian() * (p.equals("host") ? 0.03 : 0.005));
                double seq = 900 * Math.exp(random.nextGaussian() * 0.005);
                boolean all = profile.reads().isEmpty();
                out.add(figure(Figure.PRIMARY, "ms/op", Better.LOWER, p, 9000));
                out.add(figure("randReadIops", "ops/s", Better.HIGHER, p, all || profile.reads().contains("randReadIops") ? rr : 0));
                out.add(figure("seqReadMiBps", "MiB/s", Better.HIGHER, p, all || profile.reads().contains("seqReadMiBps") ? seq : 0));
                nanos += 1_000_000_000L;
            }
            return out;
        }

        private static Figure figure(String metric, String unit, Better better, String platform, double v) {
            return new Figure(BENCH, metric, "ss", unit, better, FigureKind.OTHER, platform, "debian-bench", new TreeMap<>(),
                List.of(List.of(v)));
        }
    }

    @Test
    void run_goalRoundOfABenchmarkThatReadsAskedFigures_asksForTheGoalsFiguresAndKeepsOnlyThose() throws Exception {
        FakeDiskIo jmh = new FakeDiskIo();
        BenchmarkCatalog.Entry diskIo = new BenchmarkCatalog.Entry("disk-io", "^io\\.drydock\\.bench\\.DiskIoBenchmark\\.",
            List.of("host", "crun", "drydock"), Map.of("platform", List.of("host", "crun", "drydock")));
        PeerRatios tight = new PeerRatios(0.01, 0.95, 3, new io.drydock.results.stats.Bootstrap(1, 2_000));
        BenchmarkSession.Goals goals = (name, figures) -> {
            Figure d = figures.stream().filter(f -> f.platform().equals("drydock") && f.metric().equals("randReadIops")).findFirst().orElseThrow();
            Figure h = figures.stream().filter(f -> f.platform().equals("host") && f.metric().equals("randReadIops")).findFirst().orElseThrow();
            return List.of(tight.ratio(d, h).orElseThrow());
        };

        BenchmarkSession.Outcome o = new BenchmarkSession(BenchmarkProfile.FULL, PrecisionPolicy.DEFAULT, PeerRatios.defaults(), jmh,
            new PrintStream(progress, true, StandardCharsets.UTF_8), () -> jmh.nanos, false, goals).run(diskIo);

        assertThat(BenchmarkSession.readsAskedFigures(diskIo.include())).isTrue();
        // DiskIoBenchmark's three forks read everything; the goal's rounds ask for random-read IOPS alone.
        assertThat(jmh.reads).hasSizeGreaterThan(3);
        assertThat(jmh.reads.subList(0, 3)).containsOnly(java.util.Set.of());
        assertThat(jmh.reads.subList(3, jmh.reads.size())).containsOnly(java.util.Set.of("randReadIops"));
        assertThat(progress()).contains("disk-io: rerun 1: ").contains("; its forks measure randReadIops alone");
        // The goal's figures gained forks; the figures its rounds did not measure kept their three, none of them zero.
        Figure hostReads = o.figures().stream().filter(f -> f.platform().equals("host") && f.metric().equals("randReadIops"))
            .findFirst().orElseThrow();
        assertThat(hostReads.forks()).hasSizeGreaterThan(3).allSatisfy(f -> assertThat(f.get(0)).isPositive());
        assertThat(o.figures()).filteredOn(f -> f.metric().equals("seqReadMiBps")).hasSize(3)
            .allSatisfy(f -> assertThat(f.forks()).hasSize(3).allSatisfy(x -> assertThat(x.get(0)).isPositive()));
    }

    @Test
    void run_goalRoundOfAnyOtherBenchmark_readsEveryFigure() throws Exception {
        // Start-up is not marked ReadsAskedFigures: its goal rounds run and keep the whole benchmark.
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.02, "crun", 0.005, "drydock", 0.005));
        List<java.util.Set<String>> reads = new ArrayList<>();
        BenchmarkSession.Launcher spy = (inc, par, profile, label) -> {
            reads.add(profile.reads());
            return jmh.run(inc, par, profile, label);
        };
        PeerRatios tight = new PeerRatios(0.01, 0.95, 3, new io.drydock.results.stats.Bootstrap(1, 2_000));
        BenchmarkSession.Goals goals = (name, figures) -> List.of(tight.ratio(
            figures.stream().filter(f -> f.platform().equals("drydock")).findFirst().orElseThrow(),
            figures.stream().filter(f -> f.platform().equals("host")).findFirst().orElseThrow()).orElseThrow());

        new BenchmarkSession(BenchmarkProfile.FULL, PrecisionPolicy.DEFAULT, PeerRatios.defaults(), spy,
            new PrintStream(progress, true, StandardCharsets.UTF_8), () -> jmh.nanos, false, goals).run(STARTUP);

        assertThat(reads).hasSizeGreaterThan(5).containsOnly(java.util.Set.of());
    }

    @Test
    void run_fullProfile_interleavesPlatformsRunByRun() throws Exception {
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.01, "crun", 0.01, "drydock", 0.01));
        session(BenchmarkProfile.FULL, jmh).run(STARTUP);
        assertThat(jmh.params.get(0).get("platform")).containsExactly("host", "crun", "drydock");
        assertThat(jmh.params.get(1).get("platform")).containsExactly("drydock", "crun", "host");
        assertThat(jmh.params.get(2).get("platform")).containsExactly("host", "crun", "drydock");
    }

    @Test
    void run_fullProfile_namesEachForksRun_soRatiosPairTheForksThatRanTogether() throws Exception {
        // Load that moves a whole run (±20% from run to run) moves every platform of that run alike.
        Random random = new Random(7);
        List<String> labels = new ArrayList<>();
        long[] nanos = {0};
        BenchmarkSession.Launcher jmh = (inc, par, profile, label) -> {
            labels.add(label);
            double pace = Math.exp(random.nextGaussian() * 0.2);
            List<Figure> out = new ArrayList<>();
            for (String p : par.get("platform")) {
                double mean = Map.of("host", 2.0, "crun", 20.0, "drydock", 50.0).get(p);
                out.add(new Figure(START, Figure.PRIMARY, "ss", "ms/op", Better.LOWER, FigureKind.STARTUP_TIME, p,
                    "busybox-true", new TreeMap<>(), List.of(List.of(mean * pace * Math.exp(random.nextGaussian() * 0.005)))));
                nanos[0] += 1_000_000_000L;
            }
            return out;
        };
        BenchmarkSession.Outcome o = new BenchmarkSession(BenchmarkProfile.FULL, PrecisionPolicy.DEFAULT, PeerRatios.defaults(),
            jmh, new PrintStream(progress, true, StandardCharsets.UTF_8), () -> nanos[0]).run(STARTUP);

        assertThat(labels).containsExactly("startup-1", "startup-2", "startup-3", "startup-4", "startup-5");
        assertThat(o.figures()).allSatisfy(f -> assertThat(f.slots()).isEqualTo(labels));
        // Paired, the five forks a side read every ratio within ±5%: no round was added.
        assertThat(o.ratios()).hasSize(2).allSatisfy(r -> {
            assertThat(r.paired()).isTrue();
            assertThat(r.precision()).isEqualTo(RatioPrecision.WITHIN);
        });
        assertThat(o.extraForks()).isZero();
        // The same forks unpaired would have been far wider.
        List<Figure> apart = o.figures().stream().map(f -> new Figure(f.benchmark(), f.metric(), f.mode(), f.unit(),
            f.better(), f.kind(), f.platform(), f.workload(), f.limits(), f.forks())).toList();
        assertThat(PeerRatios.defaults().of(apart)).allSatisfy(r -> {
            assertThat(r.paired()).isFalse();
            assertThat(r.precision()).isEqualTo(RatioPrecision.WIDE);
        });
    }

    @Test
    void annotatedForks_readsTheBenchmarkClassFromTheIncludeRegex() {
        assertThat(BenchmarkSession.annotatedForks(STARTUP.include())).isEqualTo(5);
        assertThat(BenchmarkSession.annotatedForks("^io\\.drydock\\.bench\\.NoSuchBenchmark\\.")).isZero();
    }

    @Test
    void run_quickProfile_neverReruns() throws Exception {
        FakeJmh jmh = new FakeJmh(Map.of("host", 0.005, "crun", 0.005, "drydock", 1.5));
        BenchmarkSession.Outcome o = session(BenchmarkProfile.QUICK, jmh).run(STARTUP);
        assertThat(jmh.forks).containsExactly(2);
        assertThat(o.extraForks()).isZero();
        assertThat(o.ratios()).allSatisfy(r -> assertThat(r.capped()).isFalse());
        assertThat(progress()).isEmpty();
    }

    @Test
    void run_wholeInstanceRunBenchmark_keepsItsCountersOnly_andItsOwnIterationCounts() throws Exception {
        String sha = "io.drydock.bench.CpuBenchmark.cpu";
        List<BenchmarkProfile> seen = new ArrayList<>();
        BenchmarkSession.Launcher jmh = (inc, par, profile, label) -> {
            seen.add(profile);
            List<Figure> out = new ArrayList<>();
            for (String p : par.get("platform")) {
                double mean = p.equals("host") ? 100 : 110;
                out.add(new Figure(sha, Figure.PRIMARY, "ss", "ms/op", Better.LOWER, FigureKind.OTHER, p, "default",
                    new TreeMap<>(), List.of(List.of(mean + 500), List.of(mean + 510))));
                out.add(new Figure(sha, "sha256WorkMs", "ss", "ms", Better.LOWER, FigureKind.OTHER, p, "default",
                    new TreeMap<>(), List.of(List.of(mean), List.of(mean + 1))));
            }
            return out;
        };
        BenchmarkCatalog.Entry cpu = new BenchmarkCatalog.Entry("cpu", "^io\\.drydock\\.bench\\.CpuBenchmark\\.",
            List.of("host", "runc"), Map.of("platform", List.of("host", "runc")));
        BenchmarkSession.Outcome o = new BenchmarkSession(BenchmarkProfile.QUICK, PrecisionPolicy.DEFAULT, PeerRatios.defaults(),
            jmh, new PrintStream(progress, true, StandardCharsets.UTF_8), () -> 0L).run(cpu);
        // The counters are the figures; the primary time (start-up included) is left out, and no ratio is drawn on it.
        assertThat(o.figures()).extracting(Figure::metric).containsOnly("sha256WorkMs");
        assertThat(o.ratios()).extracting(Ratio::metric).containsOnly("sha256WorkMs");
        // QUICK's 1 warm-up and 4 measurements would be five instance runs (VM boots) per fork: the annotation rules.
        assertThat(seen).allSatisfy(p -> {
            assertThat(p.warmups()).isEqualTo(-1);
            assertThat(p.measurements()).isEqualTo(-1);
            assertThat(p.forks()).isEqualTo(1); // CpuBenchmark's @QuickForks(1), below QUICK's 2
        });
    }
}
