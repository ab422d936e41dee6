package io.drydock.results.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ForkPairsTest {
    private static Figure figure(String platform, List<String> slots, double... samples) {
        List<List<Double>> forks = java.util.Arrays.stream(samples).mapToObj(v -> List.of(v)).toList();
        return new Figure("io.drydock.bench.CpuBenchmark.cpu", "oneThreadEventsPerSec", "ss", "#", Better.HIGHER,
                FigureKind.OTHER, platform, "default", new TreeMap<>(), forks, slots);
    }

    @Test
    void of_linesUpTheForksByRun_whateverOrderEachFigureHoldsThemIn() {
        Figure host = figure("host", List.of("cpu-1", "cpu-2", "cpu-3"), 100, 200, 300);
        Figure drydock = figure("drydock", List.of("cpu-3", "cpu-1", "cpu-2"), 297, 99, 198);
        ForkPairs p = ForkPairs.of(drydock, host).orElseThrow();
        assertThat(p.reference()).containsExactly(100, 200, 300);
        assertThat(p.subject()).containsExactly(99, 198, 297);
        assertThat(p.subjectOnly()).isEmpty();
        assertThat(p.referenceOnly()).isEmpty();
        assertThat(p.size()).isEqualTo(3);
    }

    @Test
    void of_keepsTheForksWithoutAPartnerApart() {
        // A goal round reran drydock and the host; crun ran only in the first two runs.
        Figure crun = figure("crun", List.of("cpu-1", "cpu-2"), 100, 110);
        Figure drydock = figure("drydock", List.of("cpu-1", "cpu-2", "cpu-more-1-1"), 101, 111, 95);
        ForkPairs p = ForkPairs.of(drydock, crun).orElseThrow();
        assertThat(p.subject()).containsExactly(101, 111);
        assertThat(p.subjectOnly()).containsExactly(95);
        assertThat(p.referenceOnly()).isEmpty();
    }

    @Test
    void of_isEmpty_withoutSlots_withARunNamedTwice_orWithFewerThanTwoPairs() {
        Figure plain = figure("host", null, 100, 200);
        Figure slotted = figure("drydock", List.of("a", "b"), 100, 200);
        assertThat(ForkPairs.of(slotted, plain)).isEmpty();
        assertThat(ForkPairs.of(plain, slotted)).isEmpty();
        assertThat(ForkPairs.of(slotted, figure("host", List.of("a", "a"), 100, 200))).isEmpty();
        assertThat(ForkPairs.of(slotted, figure("host", List.of("a", "c"), 100, 200))).isEmpty();
    }

    @Test
    void ratioInterval_cancelsLoadThatMovedBothForksOfARun() {
        // Runs at very different paces (a neighbour's load), drydock 2% below the host in every run.
        double[] pace = {1.0, 0.7, 1.2, 0.85, 1.1, 0.65, 0.95, 1.15};
        List<String> slots = java.util.stream.IntStream.range(0, pace.length).mapToObj(i -> "cpu-" + i).toList();
        double[] host = java.util.Arrays.stream(pace).map(v -> 4000 * v).toArray();
        double[] drydock = java.util.Arrays.stream(pace).map(v -> 3920 * v).toArray();
        drydock[3] *= 1.004;
        drydock[6] *= 0.996;
        Figure h = figure("host", slots, host);
        Figure d = figure("drydock", slots, drydock);
        Bootstrap bootstrap = new Bootstrap(1, 10_000);
        Interval paired = ForkPairs.of(d, h).orElseThrow().ratioInterval(bootstrap, 0.95);
        Interval apart = bootstrap.ratioOfMeans(host, drydock, 0.95);
        assertThat(paired.low()).isGreaterThan(0.975);
        assertThat(paired.high()).isLessThan(0.985);
        assertThat(apart.high() - apart.low()).isGreaterThan(20 * (paired.high() - paired.low()));
    }

    @Test
    void ratio_isThePairsTypicalRatio_whichAPairMovedOnOneSideOnlyShiftsByOneRank() {
        // Drydock 1% below the host in 19 pairs; in the 20th the disk's pace fell by 40% between
        // the host's fork and drydock's.
        int n = 20;
        List<String> slots = java.util.stream.IntStream.range(0, n).mapToObj(i -> "disk-io-" + i).toList();
        double[] host = new double[n];
        double[] drydock = new double[n];
        for (int i = 0; i < n; i++) {
            host[i] = 70_000 * (1 + 0.2 * Math.sin(i));
            drydock[i] = host[i] * 0.99 * (1 + 0.01 * Math.cos(3 * i));
        }
        drydock[7] *= 0.6;
        ForkPairs p = ForkPairs.of(figure("drydock", slots, drydock), figure("host", slots, host)).orElseThrow();
        double means = java.util.Arrays.stream(drydock).sum() / java.util.Arrays.stream(host).sum();
        assertThat(means).isLessThan(0.975);
        assertThat(p.ratio()).isBetween(0.985, 0.995);
        Interval ci = p.ratioInterval(new Bootstrap(1, 10_000), 0.95);
        assertThat(ci.low()).isGreaterThan(0.98);
        assertThat(ci.high()).isLessThan(1.0);
        assertThat(ci.low()).isLessThanOrEqualTo(p.ratio());
        assertThat(ci.high()).isGreaterThanOrEqualTo(p.ratio());
    }

    @Test
    void ratio_leavesTheForksWithoutAPartnerOut() {
        Figure crun = figure("crun", List.of("cpu-1", "cpu-2"), 100, 110);
        Figure drydock = figure("drydock", List.of("cpu-1", "cpu-2", "cpu-more-1-1"), 101, 111.1, 50);
        assertThat(ForkPairs.of(drydock, crun).orElseThrow().ratio()).isCloseTo(1.01, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void pairedRatio_withoutADisturbedPair_isCloseToTheRatioOfMeans() {
        double[] host = {100, 102, 98, 101, 99};
        double[] drydock = {97, 99.5, 95, 98.4, 96};
        double means = java.util.Arrays.stream(drydock).sum() / java.util.Arrays.stream(host).sum();
        assertThat(Bootstrap.pairedRatio(host, drydock)).isCloseTo(means, org.assertj.core.data.Offset.offset(0.002));
    }

    @Test
    void hodgesLehmann_isTheMedianOfTheWalshAverages() {
        // Walsh averages of {0, 1, 5}: 0, 0.5, 2.5, 1, 3, 5; their median is (1 + 2.5) / 2.
        assertThat(Bootstrap.hodgesLehmann(new double[] {5, 0, 1}, new double[6])).isEqualTo(1.75);
        // Of {0, 2}: 0, 1, 2.
        assertThat(Bootstrap.hodgesLehmann(new double[] {2, 0}, new double[3])).isEqualTo(1.0);
        // One value far out moves it less than it moves the mean (6.0).
        assertThat(Bootstrap.hodgesLehmann(new double[] {1, 2, 3, 4, 20}, new double[15])).isEqualTo(3.0);
    }

    @Test
    void pairedRatio_refusesPairsOfUnequalLength_andSamplesThatAreNotPositive() {
        assertThatThrownBy(() -> new Bootstrap(1, 1000).pairedRatioInterval(new double[] {1, 2}, new double[] {1}, 0.95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("were 2 and 1");
        assertThatThrownBy(() -> Bootstrap.pairedRatio(new double[] {1, 0}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair 1");
    }
}
