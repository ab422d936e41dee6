package io.drydock.results.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.results.SyntheticRuns;
import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import io.drydock.results.schema.MachineInfo;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.schema.ResultFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AbComparatorTest {
    private final AbComparator comparator = new AbComparator(CompareSettings.defaults());

    private static ResultFile fixture(String name) throws Exception {
        ResultFile jmh = new ResultCodec().read(Path.of(AbComparatorTest.class.getResource("/" + name).toURI()));
        return ResultFile.of(Instant.EPOCH, SyntheticRuns.machine(), jmh.figures());
    }

    @Test
    @DisplayName("a result compared with itself has no regression and every figure is 'no change'")
    void selfComparison_isNoChange() throws Exception {
        ResultFile r = SyntheticRuns.run(30, 0.02, 1);
        Comparison c = comparator.compare(r, r);
        assertThat(c.figures()).hasSize(30).allSatisfy(f -> {
            assertThat(f.verdict()).isEqualTo(Verdict.NO_CHANGE);
            assertThat(f.ratio()).isEqualTo(1.0);
        });
        assertThat(c.exitCode()).isEqualTo(Comparison.EXIT_NO_REGRESSION);
    }

    @Test
    @DisplayName("two runs of the same build (same distribution, different noise) give no regression")
    void twoRunsOfTheSameBuild_haveNoRegression() throws Exception {
        Comparison c = comparator.compare(SyntheticRuns.run(200, 0.02, 1), SyntheticRuns.run(200, 0.02, 2));
        assertThat(c.count(Verdict.REGRESSION)).isZero();
        assertThat(c.count(Verdict.IMPROVEMENT)).isZero();
        // With 2% noise and 5 forks the intervals are narrow enough to call most figures unchanged.
        assertThat(c.count(Verdict.NO_CHANGE)).isGreaterThan(150);
    }

    @Test
    @DisplayName("the hand-written JMH fixture and its rerun of the same build give no regression")
    void jmhFixtureAndItsRerun_haveNoRegression() throws Exception {
        Comparison c = comparator.compare(fixture("jmh/startup.json"), fixture("jmh/startup-rerun.json"));
        assertThat(c.count(Verdict.REGRESSION)).isZero();
        assertThat(c.exitCode()).isNotEqualTo(Comparison.EXIT_REGRESSION);
    }

    @Test
    @DisplayName("a 10% slowdown injected into one figure's samples is flagged as a regression, and only that one")
    void injectedTenPercentSlowdown_isFlagged() throws Exception {
        ResultFile base = SyntheticRuns.run(50, 0.02, 1);
        ResultFile next = SyntheticRuns.inject(SyntheticRuns.run(50, 0.02, 2), 17, 1.10);
        Comparison c = comparator.compare(base, next);
        assertThat(c.figures().stream().filter(f -> f.verdict() == Verdict.REGRESSION))
                .singleElement().satisfies(f -> {
                    assertThat(f.key().benchmark()).endsWith(".b17");
                    assertThat(f.interval().low()).isGreaterThan(1.0);
                    assertThat(f.q()).isLessThanOrEqualTo(0.05);
                });
        assertThat(c.exitCode()).isEqualTo(Comparison.EXIT_REGRESSION);
    }

    @Test
    @DisplayName("the JMH fixture with every start-up 10% slower is flagged on every platform")
    void jmhFixtureTenPercentSlower_isFlagged() throws Exception {
        Comparison c = comparator.compare(fixture("jmh/startup.json"), fixture("jmh/startup-slow.json"));
        assertThat(c.figures().stream().filter(f -> f.key().metric().equals(Figure.PRIMARY)))
                .hasSize(4).allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.REGRESSION));
    }

    @Test
    @DisplayName("over 100 seeded pairs of same-build runs (10 figures, 2% noise, 5 forks) at most 5 pairs show any"
            + " change, and a 10% slowdown is caught in at least 90 of 100")
    void errorRates_overManySeededTrials_areWithinTheirBounds() throws Exception {
        // Fewer resamples keep 200 comparisons quick; the decision rule is the same.
        AbComparator quick = new AbComparator(new CompareSettings(0.05, 0.05, 0.95, 3, 2_000, 1, false, false));
        int falseAlarms = 0;
        int caught = 0;
        for (int trial = 0; trial < 100; trial++) {
            Comparison same = quick.compare(SyntheticRuns.run(10, 0.02, 1000 + trial), SyntheticRuns.run(10, 0.02, 5000 + trial));
            if (same.count(Verdict.REGRESSION) + same.count(Verdict.IMPROVEMENT) > 0) {
                falseAlarms++;
            }
            ResultFile slow = SyntheticRuns.inject(SyntheticRuns.run(10, 0.02, 9000 + trial), 3, 1.10);
            if (quick.compare(SyntheticRuns.run(10, 0.02, 1000 + trial), slow).figures().get(3).verdict()
                    == Verdict.REGRESSION) {
                caught++;
            }
        }
        assertThat(falseAlarms).isLessThanOrEqualTo(5);
        assertThat(caught).isGreaterThanOrEqualTo(90);
    }

    @Test
    void tenPercentFaster_isAnImprovement() throws Exception {
        ResultFile base = SyntheticRuns.run(5, 0.02, 1);
        Comparison c = comparator.compare(base, SyntheticRuns.inject(base, 2, 0.90));
        assertThat(c.figures().get(2).verdict()).isEqualTo(Verdict.IMPROVEMENT);
        assertThat(c.exitCode()).isEqualTo(Comparison.EXIT_NO_REGRESSION);
    }

    @Test
    @DisplayName("for a throughput a 10% drop is the regression, not a 10% rise")
    void higherIsBetter_dropIsRegression() throws Exception {
        java.util.Random r = new java.util.Random(3);
        List<List<Double>> forks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            forks.add(List.of(1000 * (1 + r.nextGaussian() * 0.01), 1000 * (1 + r.nextGaussian() * 0.01)));
        }
        Figure thrpt = new Figure("a.B.ops", Figure.PRIMARY, "thrpt", "ops/s", Better.HIGHER, FigureKind.OTHER,
                "runc", "default", new TreeMap<>(), forks);
        ResultFile base = ResultFile.of(Instant.EPOCH, SyntheticRuns.machine(), List.of(thrpt));
        ResultFile lower = ResultFile.of(Instant.EPOCH, SyntheticRuns.machine(), List.of(thrpt.scaled(0.9)));
        assertThat(comparator.compare(base, lower).figures().get(0).verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(comparator.compare(lower, base).figures().get(0).verdict()).isEqualTo(Verdict.IMPROVEMENT);
    }

    @Test
    @DisplayName("noise too large for the threshold is inconclusive, never 'no change'")
    void noisyFigures_areInconclusive() throws Exception {
        Comparison c = comparator.compare(SyntheticRuns.run(10, 0.25, 1), SyntheticRuns.run(10, 0.25, 2));
        assertThat(c.count(Verdict.NO_CHANGE)).isZero();
        assertThat(c.count(Verdict.REGRESSION)).isZero();
        assertThat(c.exitCode()).isEqualTo(Comparison.EXIT_INCONCLUSIVE);
        assertThat(c.figures().get(0).reason()).contains("rerun");
    }

    @Test
    void tooFewForks_isInconclusiveWithTheReason() throws Exception {
        ResultFile one = fixture("jmh/throughput-one-fork.json");
        Comparison c = comparator.compare(one, one.figures().isEmpty() ? one : SyntheticRuns.inject(one, 0, 0.5));
        assertThat(c.figures().get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(c.figures().get(0).reason()).contains("1 forks in BASE").contains("at least 3");
    }

    @Test
    void differentHosts_areRefusedUnlessAllowed() throws Exception {
        ResultFile base = SyntheticRuns.run(3, 0.02, 1);
        MachineInfo other = new MachineInfo("Linux 6.1.0 x86_64", "Other CPU", 8, 32L << 30, "v2", "kvm",
                new TreeMap<>());
        ResultFile next = new ResultFile(base.schema(), base.createdAt(), other, base.figures());
        assertThatThrownBy(() -> comparator.compare(base, next)).isInstanceOf(ComparisonException.class)
                .hasMessageContaining("--allow-different-hosts").hasMessageContaining("cpuModel: Test CPU @ 3.0GHz vs Other CPU")
                .hasMessageContaining("virtualization: tcg vs kvm");
        Comparison c = new AbComparator(CompareSettings.defaults().lenient(true, false)).compare(base, next);
        assertThat(c.hosts().match()).isEqualTo(HostCheck.Match.DIFFERENT);
        assertThat(c.hosts().differences()).contains("cpuModel: Test CPU @ 3.0GHz vs Other CPU");
        assertThat(c.hosts().notes()).allMatch(n -> n.startsWith("warning: different hosts: "));
    }

    @Test
    @DisplayName("two raw JMH files (no machine on either side) compare: A/A is no change, with one note that the hosts are unknown")
    void rawJmhFiles_sameRun_compareWithOneUnknownHostsNote() throws Exception {
        ResultFile raw = raw("jmh/startup.json");
        Comparison c = comparator.compare(raw, raw("jmh/startup.json"));
        assertThat(c.exitCode()).isEqualTo(Comparison.EXIT_NO_REGRESSION);
        assertThat(c.figures()).allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.NO_CHANGE));
        assertThat(c.hosts().match()).isEqualTo(HostCheck.Match.UNKNOWN);
        assertThat(c.hosts().notes()).singleElement().asString().startsWith("note: hosts unknown");
    }

    @Test
    @DisplayName("two raw JMH files, every start-up 10% slower in NEW: each flagged as a regression")
    void rawJmhFiles_tenPercentSlower_areFlagged() throws Exception {
        Comparison c = comparator.compare(raw("jmh/startup.json"), raw("jmh/startup-slow.json"));
        assertThat(c.figures().stream().filter(f -> f.key().metric().equals(Figure.PRIMARY)))
                .hasSize(4).allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Verdict.REGRESSION));
        assertThat(c.exitCode()).isEqualTo(Comparison.EXIT_REGRESSION);
        assertThat(c.hosts().match()).isEqualTo(HostCheck.Match.UNKNOWN);
    }

    @Test
    void machineOnOneSideOnly_comparesWithAWarningNamingTheSideWithout() throws Exception {
        ResultFile raw = raw("jmh/startup.json");
        ResultFile recorded = fixture("jmh/startup.json");
        Comparison baseUnknown = comparator.compare(raw, recorded);
        assertThat(baseUnknown.hosts().match()).isEqualTo(HostCheck.Match.UNKNOWN_IN_BASE);
        assertThat(baseUnknown.hosts().notes()).singleElement().asString()
                .startsWith("warning: hosts unknown: BASE records no machine");
        assertThat(baseUnknown.exitCode()).isEqualTo(Comparison.EXIT_NO_REGRESSION);
        Comparison newUnknown = comparator.compare(recorded, raw);
        assertThat(newUnknown.hosts().match()).isEqualTo(HostCheck.Match.UNKNOWN_IN_NEW);
        assertThat(newUnknown.hosts().notes()).singleElement().asString()
                .startsWith("warning: hosts unknown: NEW records no machine");
    }

    @Test
    void sameMachine_hasNoHostNote() throws Exception {
        ResultFile r = SyntheticRuns.run(3, 0.02, 1);
        Comparison c = comparator.compare(r, SyntheticRuns.run(3, 0.02, 2));
        assertThat(c.hosts().match()).isEqualTo(HostCheck.Match.SAME);
        assertThat(c.hosts().notes()).isEmpty();
    }

    @Test
    void hostCheck_listsDifferencesOnlyForDifferentHosts() {
        assertThatThrownBy(() -> new HostCheck(HostCheck.Match.DIFFERENT, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differences");
        assertThatThrownBy(() -> new HostCheck(HostCheck.Match.UNKNOWN, List.of("kernel: a vs b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ResultFile raw(String name) throws Exception {
        return new ResultCodec().read(Path.of(AbComparatorTest.class.getResource("/" + name).toURI()));
    }

    @Test
    void figureMissingOnOneSide_isRefusedNamingIt_unlessAllowed() throws Exception {
        ResultFile base = SyntheticRuns.run(3, 0.02, 1);
        ResultFile next = new ResultFile(base.schema(), base.createdAt(), base.machine(), base.figures().subList(0, 2));
        assertThatThrownBy(() -> comparator.compare(base, next)).isInstanceOf(ComparisonException.class)
                .hasMessageContaining("missing in NEW: Synthetic.b2");
        Comparison c = new AbComparator(CompareSettings.defaults().lenient(false, true)).compare(base, next);
        assertThat(c.onlyInBase()).singleElement().satisfies(k -> assertThat(k.benchmark()).endsWith("b2"));
        assertThat(c.figures()).hasSize(2);
    }

    @Test
    void sameFigureInAnotherUnit_isRefused() throws Exception {
        ResultFile base = SyntheticRuns.run(1, 0.02, 1);
        Figure f = base.figures().get(0);
        Figure us = new Figure(f.benchmark(), f.metric(), f.mode(), "us/op", f.better(), f.kind(), f.platform(),
                f.workload(), f.limits(), f.forks());
        ResultFile next = ResultFile.of(Instant.EPOCH, base.machine(), List.of(us));
        assertThatThrownBy(() -> comparator.compare(base, next)).isInstanceOf(ComparisonException.class)
                .hasMessageContaining("unit ms/op in BASE but us/op in NEW");
    }

    @Test
    void sameSeed_givesTheSameIntervals() throws Exception {
        ResultFile a = SyntheticRuns.run(3, 0.05, 1);
        ResultFile b = SyntheticRuns.run(3, 0.05, 2);
        assertThat(comparator.compare(a, b).figures()).isEqualTo(comparator.compare(a, b).figures());
    }
}
