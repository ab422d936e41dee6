package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
    void shares_giveCpuAndMemoryTwice() {
        assertThat(BenchCommand.budgetWeight("cpu")).isEqualTo(3.0);
        assertThat(BenchCommand.budgetWeight("memory")).isEqualTo(3.0);
        assertThat(BenchCommand.budgetWeight("disk-io")).isEqualTo(3.0);
        assertThat(BenchCommand.budgetWeight("startup")).isEqualTo(1.0);
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
}
