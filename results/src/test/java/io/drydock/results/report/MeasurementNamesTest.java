package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MeasurementNamesTest {
    private static Figure aux(String benchmark, String metric, String unit, Better better, double value) {
        return new Figure("io.drydock.bench." + benchmark, metric, "ss", unit, better, FigureKind.OTHER, "drydock",
            "default", new TreeMap<>(), List.of(List.of(value)));
    }

    @Test
    void of_everyIssue11Measurement_hasALabelAndItsDimension() {
        assertThat(MeasurementNames.of("io.drydock.bench.CpuBenchmark.cpu", "oneThreadEventsPerSec").dimension())
            .isEqualTo(Dimension.CPU);
        assertThat(MeasurementNames.of("io.drydock.bench.CpuBenchmark.cpu", "sha256WorkMs").dimension()).isEqualTo(Dimension.CPU);
        assertThat(MeasurementNames.of("io.drydock.bench.MemoryBenchmark.sysbenchMemory", "randomAccessNs").dimension())
            .isEqualTo(Dimension.MEMORY_BANDWIDTH);
        for (String m : List.of("copyMiBps", "triadMiBps", "randomAccessNs")) {
            assertThat(MeasurementNames.of("io.drydock.bench.MemoryBenchmark.memory", m).dimension()).as(m)
                .isEqualTo(Dimension.MEMORY_BANDWIDTH);
        }
        assertThat(MeasurementNames.of("io.drydock.bench.DensityBenchmark.idleInstances", "memoryPerInstanceKiB").dimension())
            .isEqualTo(Dimension.MEMORY_PER_INSTANCE);
        for (String m : List.of("randReadIops", "randWriteIops", "randReadP50Us", "randReadP99Us", "randWriteP50Us",
                "randWriteP99Us", "seqReadMiBps", "seqWriteMiBps")) {
            assertThat(MeasurementNames.of("io.drydock.bench.DiskIoBenchmark.fio", m).dimension()).as(m).isEqualTo(Dimension.DISK_IO);
        }
        assertThat(MeasurementNames.of("io.drydock.bench.NetworkAppBenchmark.iperf3", "throughputMbps").dimension())
            .isEqualTo(Dimension.NETWORK_THROUGHPUT);
        assertThat(MeasurementNames.of("io.drydock.bench.NetworkAppBenchmark.redis", "setPerSec").dimension())
            .isEqualTo(Dimension.NETWORK_LATENCY);
        // The timing of a workload benchmark is detail, never a headline row.
        assertThat(MeasurementNames.of("io.drydock.bench.DiskIoBenchmark.fio", Figure.PRIMARY).dimension()).isNull();
    }

    @Test
    void displayUnitAndBetter_ofAnAuxCounter_comeFromItsNameSuffix() {
        Figure events = aux("CpuBenchmark.cpu", "oneThreadEventsPerSec", "#", Better.LOWER, 1000);
        assertThat(MeasurementNames.displayUnit(events)).isEqualTo("events/s");
        assertThat(MeasurementNames.better(events)).isEqualTo(Better.HIGHER);
        Figure unknownRate = aux("Other.bench", "pagesPerSec", "#", Better.LOWER, 5);
        assertThat(MeasurementNames.displayUnit(unknownRate)).isEqualTo("ops/s");
        assertThat(MeasurementNames.better(unknownRate)).isEqualTo(Better.HIGHER);
        assertThat(MeasurementNames.of(unknownRate).label()).isEqualTo("bench: pages per sec");
    }

    @Test
    void format_trustsASizeUnitTheFigureCarries_overTheCatalogue() {
        // The catalogue says KiB; a reader that recorded bytes must not be shown 1024 times too big.
        Figure inKiB = aux("DensityBenchmark.idleInstances", "memoryPerInstanceKiB", "KiB", Better.LOWER, 2048);
        Figure inBytes = aux("DensityBenchmark.idleInstances", "memoryPerInstanceKiB", "bytes", Better.LOWER, 2048 * 1024.0);
        assertThat(MeasurementNames.format(inKiB, inKiB.mean())).isEqualTo("2.000 MiB");
        assertThat(MeasurementNames.format(inBytes, inBytes.mean())).isEqualTo("2.000 MiB");
    }

    @Test
    void describe_namesAFigureInWords_withPlatformWorkloadAndLimits() {
        Figure f = new Figure("io.drydock.bench.DiskIoBenchmark.fio", "randReadIops", "ss", "#", Better.LOWER,
            FigureKind.OTHER, "vm", "default", new TreeMap<>(java.util.Map.of("target", "volume")), List.of(List.of(1.0)));
        assertThat(MeasurementNames.describe(f.key())).isEqualTo("4 KiB random read [vm, target volume]");
    }

    @Test
    void describe_daemonArm_readsAsDrydockRuncWithDaemon() {
        Figure f = new Figure("io.drydock.bench.StartupBenchmark.createStartWaitDelete", "primary", "ss", "ms/op",
            Better.LOWER, FigureKind.OTHER, "drydock-runc-daemon", "busybox-true", new TreeMap<>(), List.of(List.of(1.0)));
        assertThat(MeasurementNames.describe(f.key())).endsWith("[drydock-runc (daemon), busybox-true]");
        assertThat(MeasurementNames.platformName("runc")).isEqualTo("runc");
    }
}
