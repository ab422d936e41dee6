package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.results.schema.Ratio;
import io.drydock.results.schema.RatioPrecision;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code drydock bench --time-budget}: the durations it takes and the ones it refuses. */
class BenchTimeBudgetTest {
    private final BenchCommand.TimeBudget budget = new BenchCommand.TimeBudget();

    @Test
    void convert_hoursMinutesSeconds() {
        assertThat(budget.convert("40m")).isEqualTo(Duration.ofMinutes(40));
        assertThat(budget.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(budget.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(budget.convert("1h0m5s")).isEqualTo(Duration.ofSeconds(3605));
        assertThat(budget.convert("0")).isZero();
    }

    @Test
    void convert_refusesWhatIsNotADuration() {
        for (String bad : new String[] {"", "40", "m", "40min", "-5m", "5m40h", "1.5h", "99999999999999999999h", "200h"}) {
            assertThatThrownBy(() -> budget.convert(bad)).as(bad).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void badBudget_isAUsageErrorNamingTheOptionAndValue_beforeAnythingRuns() throws Exception {
        CommandRun r = CommandRun.drydock("bench", "--time-budget", "soon");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--time-budget").contains("'soon'").doesNotContain("Exception");
    }

    @Test
    void shares_giveDiskIoCpuAndMemoryThree() {
        assertThat(BenchCommand.budgetWeight("cpu")).isEqualTo(3.0);
        assertThat(BenchCommand.budgetWeight("memory")).isEqualTo(3.0);
        assertThat(BenchCommand.budgetWeight("disk-io")).isEqualTo(3.0);
        assertThat(BenchCommand.budgetWeight("startup")).isEqualTo(1.0);
    }

    @Test
    void share_isWhatIsLeftByWeight_andNothingOnceTheBudgetIsSpent() {
        var cpu = new io.drydock.bench.BenchmarkCatalog.Entry("cpu", "^x\\.", java.util.List.of("host"), java.util.Map.of());
        var startup = new io.drydock.bench.BenchmarkCatalog.Entry("startup", "^y\\.", java.util.List.of("host"), java.util.Map.of());
        java.time.Instant began = java.time.Instant.now().minus(Duration.ofMinutes(10));
        // 30 minutes left, cpu weighs 3 of 4: about 22.5 minutes (less the moments this test takes).
        Duration share = BenchCommand.share(Duration.ofMinutes(40), began, java.util.List.of(cpu, startup), cpu);
        assertThat(share).isBetween(Duration.ofSeconds(22 * 60 + 20), Duration.ofSeconds(22 * 60 + 30));
        assertThat(BenchCommand.share(Duration.ofMinutes(40), began, java.util.List.of(startup), startup))
            .isBetween(Duration.ofSeconds(29 * 60 + 50), Duration.ofMinutes(30));
        assertThat(BenchCommand.share(Duration.ofMinutes(5), began, java.util.List.of(cpu, startup), cpu)).isZero();
    }

    @Test
    void goals_areDrydockAgainstTheHostToTwoPercent_forCpuAndMemoryBandwidthOnly() {
        java.util.List<io.drydock.results.schema.Figure> figures = new java.util.ArrayList<>();
        for (String p : java.util.List.of("host", "drydock", "crun")) {
            for (String m : java.util.List.of("oneThreadEventsPerSec", "randomAccessNs")) {
                figures.add(new io.drydock.results.schema.Figure("io.drydock.bench.CpuBenchmark.cpu", m, "ss", "ev/s",
                    io.drydock.results.schema.Better.HIGHER, io.drydock.results.schema.FigureKind.OTHER, p, "default",
                    new java.util.TreeMap<>(), java.util.List.of(java.util.List.of(100.0), java.util.List.of(101.0),
                        java.util.List.of(99.0))));
            }
        }
        assertThat(BenchCommand.goals("cpu", figures)).singleElement().satisfies(r -> {
            assertThat(r.platform() + "/" + r.peer()).isEqualTo("drydock/host");
            assertThat(r.metric()).isEqualTo("oneThreadEventsPerSec");
            assertThat(r.target()).isEqualTo(0.02);
        });
        assertThat(BenchCommand.goals("startup", figures)).isEmpty();
    }

    @Test
    void goals_ofDiskIo_areTheRandomReadsOnAVolume_toFivePercent() {
        java.util.List<io.drydock.results.schema.Figure> figures = new java.util.ArrayList<>();
        for (String p : java.util.List.of("host", "drydock")) {
            for (String target : java.util.List.of("volume", "rootfs")) {
                for (String m : java.util.List.of("randReadIops", "randWriteIops")) {
                    figures.add(new io.drydock.results.schema.Figure("io.drydock.bench.DiskIoBenchmark.fio", m, "ss", "IOPS",
                        io.drydock.results.schema.Better.HIGHER, io.drydock.results.schema.FigureKind.OTHER, p, "default",
                        new java.util.TreeMap<>(java.util.Map.of("target", target)), java.util.List.of(java.util.List.of(100.0),
                            java.util.List.of(101.0), java.util.List.of(99.0))));
                }
            }
        }
        assertThat(BenchCommand.goals("disk-io", figures)).singleElement().satisfies(r -> {
            assertThat(r.metric()).isEqualTo("randReadIops");
            assertThat(r.limits()).containsEntry("target", "volume");
            assertThat(r.target()).isEqualTo(0.05);
        });
    }

    private static Ratio ratio(double value, double low, double high, RatioPrecision precision) {
        return goalRatio("io.drydock.bench.CpuBenchmark.cpu", "sha256WorkMs", java.util.Map.of(), 0.02, 10,
            value, low, high, precision);
    }

    private static Ratio volumeReads(double value, double low, double high, RatioPrecision precision) {
        return goalRatio("io.drydock.bench.DiskIoBenchmark.fio", "randReadIops", java.util.Map.of("target", "volume"), 0.05, 3,
            value, low, high, precision);
    }

    /** drydock against the host over {@code forks} forks each, aiming at {@code target}. */
    private static Ratio goalRatio(String benchmark, String metric, java.util.Map<String, String> limits, double target,
            int forks, double value, double low, double high, RatioPrecision precision) {
        return new Ratio(benchmark, metric, "ss", "default", new java.util.TreeMap<>(limits), "drydock", "host",
            value, low, high, 0.95, target, forks, forks, precision, 0, false);
    }

    @Test
    void againstBand_anIntervalNarrowEnoughButReachingPastTheBand_isWide_aimingAtTheRoomLeft() {
        // 1.002 [0.984, 1.022]: ±1.9% wide, within ±2% by width, but not inside [0.98, 1.02].
        Ratio r = BenchCommand.againstBand(
            ratio(1.002, 0.984, 1.022, RatioPrecision.WITHIN), 0.02);

        assertThat(r.precision()).isEqualTo(RatioPrecision.WIDE);
        assertThat(r.target()).isCloseTo(0.018 / 1.002, Offset.offset(1e-9));
        assertThat(r.value()).isEqualTo(1.002);
    }

    @Test
    void againstBand_anIntervalInsideTheBand_isWithin_evenIfWiderThanTheTargetBySymmetry() {
        Ratio inside = BenchCommand.againstBand(
            ratio(1.0, 0.981, 1.019, RatioPrecision.WITHIN), 0.02);
        assertThat(inside.precision()).isEqualTo(RatioPrecision.WITHIN);
        assertThat(inside.target()).isEqualTo(0.02);

        Ratio lopsided = BenchCommand.againstBand(
            ratio(0.999, 0.9805, 1.0195, RatioPrecision.WITHIN), 0.02);
        assertThat(lopsided.precision()).isEqualTo(RatioPrecision.WITHIN);
    }

    @Test
    void againstBand_aValueOutsideTheBandOrTooFewForks_isLeftAsItIs() {
        Ratio off = ratio(1.05, 1.04, 1.06, RatioPrecision.WITHIN);
        assertThat(BenchCommand.againstBand(off, 0.02)).isEqualTo(off);
        Ratio few = ratio(1.0, 0.9, 1.1, RatioPrecision.TOO_FEW_FORKS);
        assertThat(BenchCommand.againstBand(few, 0.02)).isEqualTo(few);
    }

    @Test
    void goals_ofCpu_areJudgedAgainstTheBand() {
        java.util.List<io.drydock.results.schema.Figure> figures = new java.util.ArrayList<>();
        double[][] forks = {{100, 100, 100, 100}, {101.5, 101.5, 101.5, 101.5}};
        for (int i = 0; i < 2; i++) {
            java.util.List<java.util.List<Double>> samples = new java.util.ArrayList<>();
            for (double v : forks[i]) {
                samples.add(java.util.List.of(v));
            }
            // One fork a little off so that the interval has a width: 101.5 * 4 forks, one at 103.
            if (i == 1) {
                samples.set(0, java.util.List.of(103.0));
            }
            figures.add(new io.drydock.results.schema.Figure("io.drydock.bench.CpuBenchmark.cpu", "oneThreadEventsPerSec",
                "ss", "ev/s", io.drydock.results.schema.Better.HIGHER, io.drydock.results.schema.FigureKind.OTHER,
                i == 0 ? "host" : "drydock", "default", new java.util.TreeMap<>(), samples));
        }
        // drydock / host near 1.019 with an interval reaching past 1.02: wide, though narrower than ±2%.
        assertThat(BenchCommand.goals("cpu", figures)).singleElement().satisfies(r -> {
            assertThat(r.relativeHalfWidth()).isLessThan(0.02);
            assertThat(r.high()).isGreaterThan(1.02);
            assertThat(r.precision()).isEqualTo(RatioPrecision.WIDE);
        });
    }

    @Test
    void againstFloor_anIntervalWithinTargetButReachingBelowTheFloor_isWide_aimingAtTheRoomAboveIt() {
        // 0.99 [0.945, 1.035]: ±4.5%, within ±5% by width, but it does not show "at least 0.95".
        Ratio r = BenchCommand.againstFloor(
            volumeReads(0.99, 0.945, 1.035, RatioPrecision.WITHIN), 0.95);

        assertThat(r.precision()).isEqualTo(RatioPrecision.WIDE);
        assertThat(r.target()).isCloseTo(0.04 / 0.99, Offset.offset(1e-9));
    }

    @Test
    void againstFloor_farAboveTheFloor_aimsAtTheRatiosOwnTarget() {
        // 1.10 [0.94, 1.26]: the room above the floor (14%) is more than the ratio's own ±5%.
        Ratio r = BenchCommand.againstFloor(
            volumeReads(1.10, 0.94, 1.26, RatioPrecision.WIDE), 0.95);

        assertThat(r.precision()).isEqualTo(RatioPrecision.WIDE);
        assertThat(r.target()).isEqualTo(0.05);
    }

    @Test
    void againstFloor_anIntervalAboveTheFloor_isWithin_evenIfWiderThanTheTarget() {
        Ratio r = BenchCommand.againstFloor(
            volumeReads(1.02, 0.96, 1.08, RatioPrecision.WIDE), 0.95);

        assertThat(r.precision()).isEqualTo(RatioPrecision.WITHIN);
        assertThat(r.target()).isEqualTo(0.05);
    }

    @Test
    void againstFloor_aValueBelowTheFloorOrTooFewForks_isLeftAsItIs() {
        Ratio below = volumeReads(0.895, 0.869, 0.921, RatioPrecision.WITHIN);
        assertThat(BenchCommand.againstFloor(below, 0.95)).isEqualTo(below);
        Ratio few = volumeReads(1.0, 0.9, 1.1, RatioPrecision.TOO_FEW_FORKS);
        assertThat(BenchCommand.againstFloor(few, 0.95)).isEqualTo(few);
    }
}
