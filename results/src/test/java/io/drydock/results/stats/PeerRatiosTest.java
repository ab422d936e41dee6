package io.drydock.results.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.SyntheticRuns;
import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import io.drydock.results.schema.Ratio;
import io.drydock.results.schema.RatioPrecision;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PeerRatiosTest {
    private static final String START = "io.drydock.bench.StartupBenchmark.createStartWaitDelete";

    private static Figure fixed(String platform, double... samples) {
        List<List<Double>> forks = java.util.Arrays.stream(samples).mapToObj(v -> List.of(v)).toList();
        return new Figure(START, Figure.PRIMARY, "ss", "ms/op", Better.LOWER, FigureKind.STARTUP_TIME, platform,
                "busybox-true", new TreeMap<>(), forks);
    }

    @Test
    void peerOf_followsThePreferenceList_andFallsBackToTheHost() {
        Set<String> all = Set.of("host", "unshare", "crun", "runc", "drydock", "drydock-runc");
        assertThat(PeerRatios.peerOf("drydock", all)).contains("crun");
        assertThat(PeerRatios.peerOf("drydock", Set.of("host", "runc", "drydock"))).contains("runc");
        assertThat(PeerRatios.peerOf("drydock", Set.of("host", "drydock", "drydock-hostnet"))).contains("host");
        assertThat(PeerRatios.peerOf("drydock-runc", all)).contains("runc");
        assertThat(PeerRatios.peerOf("runc", all)).contains("host");
        assertThat(PeerRatios.peerOf("unshare", all)).contains("host");
        assertThat(PeerRatios.peerOf("vm", Set.of("vm", "qemu"))).contains("qemu");
        assertThat(PeerRatios.peerOf("host", all)).isEmpty();
        assertThat(PeerRatios.peerOf("qemu", Set.of("vm", "qemu", "host"))).isEmpty();
        assertThat(PeerRatios.peerOf("crun", Set.of("crun"))).isEmpty();
    }

    @Test
    void of_steadyFigures_giveANarrowIntervalAroundTheRatioOfMeans() {
        List<Ratio> ratios = PeerRatios.defaults().of(List.of(
                fixed("crun", 10, 10.1, 9.9, 10, 10),
                fixed("drydock", 25, 25.2, 24.9, 25.1, 24.8)));
        assertThat(ratios).hasSize(1);
        Ratio r = ratios.get(0);
        assertThat(r.platform()).isEqualTo("drydock");
        assertThat(r.peer()).isEqualTo("crun");
        assertThat(r.value()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.low()).isLessThan(r.value());
        assertThat(r.high()).isGreaterThan(r.value());
        assertThat(r.relativeHalfWidth()).isLessThan(0.05);
        assertThat(r.precision()).isEqualTo(RatioPrecision.WITHIN);
        assertThat(r.forks()).isEqualTo(5);
    }

    @Test
    void of_isReproducible_becauseTheBootstrapIsSeeded() {
        Random random = new Random(3);
        List<Figure> figs = List.of(SyntheticRuns.figure(START, "host", 5, 0.1, 5, 3, random),
                SyntheticRuns.figure(START, "runc", 40, 0.1, 5, 3, random));
        assertThat(PeerRatios.defaults().of(figs)).isEqualTo(PeerRatios.defaults().of(figs));
    }

    @Test
    void of_noisyFigures_areWide() {
        Ratio r = PeerRatios.defaults().of(List.of(fixed("host", 1, 1, 1), fixed("runc", 10, 20, 15))).get(0);
        assertThat(r.precision()).isEqualTo(RatioPrecision.WIDE);
        assertThat(r.relativeHalfWidth()).isGreaterThan(0.05);
    }

    @Test
    void of_twoForks_giveAnIntervalThatIsNotTrusted_andOneForkNone() {
        Ratio two = PeerRatios.defaults().of(List.of(fixed("host", 1, 1.01), fixed("runc", 10, 10.02))).get(0);
        assertThat(two.hasInterval()).isTrue();
        assertThat(two.precision()).isEqualTo(RatioPrecision.TOO_FEW_FORKS);
        Ratio one = PeerRatios.defaults().of(List.of(fixed("host", 1), fixed("runc", 10))).get(0);
        assertThat(one.hasInterval()).isFalse();
        assertThat(one.relativeHalfWidth()).isNaN();
        assertThat(one.precision()).isEqualTo(RatioPrecision.TOO_FEW_FORKS);
    }

    @Test
    void of_zeroSamples_orNoPeer_giveNoRatio() {
        assertThat(PeerRatios.defaults().of(List.of(fixed("host", 0, 0, 0), fixed("runc", 1, 2, 3)))).isEmpty();
        assertThat(PeerRatios.defaults().of(List.of(fixed("drydock", 1, 2, 3)))).isEmpty();
    }

    @Test
    void of_comparesOnlyFiguresOfTheSameMeasurement() {
        Figure otherWorkload = new Figure(START, Figure.PRIMARY, "ss", "ms/op", Better.LOWER, FigureKind.STARTUP_TIME,
                "host", "redis", new TreeMap<>(), List.of(List.of(1.0), List.of(1.0), List.of(1.0)));
        assertThat(PeerRatios.defaults().of(List.of(otherWorkload, fixed("runc", 1, 2, 3)))).isEmpty();
    }

    @Test
    void ratio_ofFiguresWhoseForksRanInTheSameRuns_isPaired_andNarrowerThanUnpaired() {
        Random random = new Random(9);
        List<List<Double>> host = new java.util.ArrayList<>();
        List<List<Double>> drydock = new java.util.ArrayList<>();
        List<String> slots = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double pace = Math.exp(random.nextGaussian() * 0.15); // the whole run's pace
            host.add(List.of(10 * pace * Math.exp(random.nextGaussian() * 0.005)));
            drydock.add(List.of(12 * pace * Math.exp(random.nextGaussian() * 0.005)));
            slots.add("startup-" + (i + 1));
        }
        Figure h = new Figure(START, Figure.PRIMARY, "ss", "ms/op", Better.LOWER, FigureKind.STARTUP_TIME, "host",
                "busybox-true", new TreeMap<>(), host, slots);
        Figure d = new Figure(START, Figure.PRIMARY, "ss", "ms/op", Better.LOWER, FigureKind.STARTUP_TIME, "drydock",
                "busybox-true", new TreeMap<>(), drydock, slots);
        Ratio paired = PeerRatios.defaults().ratio(d, h).orElseThrow();
        Ratio apart = PeerRatios.defaults().ratio(d.withForksOf(fixed("drydock", 12)).withForksOf(fixed("drydock", 12)),
                h).orElseThrow(); // forks without a slot: nothing pairs
        assertThat(paired.paired()).isTrue();
        assertThat(paired.precision()).isEqualTo(RatioPrecision.WITHIN);
        assertThat(paired.relativeHalfWidth()).isLessThan(0.02);
        assertThat(paired.low()).isLessThan(1.2).isGreaterThan(1.18);
        assertThat(apart.paired()).isFalse();
        assertThat(apart.relativeHalfWidth()).isGreaterThan(3 * paired.relativeHalfWidth());
    }
}
