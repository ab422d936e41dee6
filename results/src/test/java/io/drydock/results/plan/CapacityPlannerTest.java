package io.drydock.results.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.results.SyntheticRuns;
import io.drydock.results.report.ReportInputException;
import io.drydock.results.report.RunSet;
import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import io.drydock.results.schema.ResultFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {
    private static final double MIB = 1 << 20;

    private static Figure fig(String platform, FigureKind kind, String unit, double value) {
        String metric = kind == FigureKind.STARTUP_TIME ? Figure.PRIMARY : kind.jmhMetricName();
        return new Figure("io.drydock.bench.StartupBenchmark.bootToReady", metric, "ss", unit, Better.LOWER, kind,
                platform, "busybox", new TreeMap<>(), List.of(List.of(value), List.of(value), List.of(value)));
    }

    private static RunSet runs(Figure... figures) {
        return RunSet.of(ResultFile.of(Instant.EPOCH, SyntheticRuns.machine(), List.of(figures)));
    }

    @Test
    void plan_countsPrivateBytesPerInstanceAndSharedOnce_andFindsTheBindingResource() throws Exception {
        RunSet runs = runs(
                fig("vm", FigureKind.MEMORY_PRIVATE, "bytes", 100 * MIB),
                fig("vm", FigureKind.MEMORY_SHARED, "bytes", 1024 * MIB),
                fig("vm", FigureKind.DISK_PRIVATE, "bytes", 1024 * MIB),
                fig("vm", FigureKind.CPU_CORES, "cores", 0.5),
                fig("vm", FigureKind.STARTUP_TIME, "ms/op", 2000),
                fig("runc", FigureKind.MEMORY_PRIVATE, "bytes", 4 * MIB),
                fig("runc", FigureKind.STARTUP_TIME, "ms/op", 100));
        HostCapacity host = new HostCapacity(4, 11L << 30, 50L << 30, 0);
        CapacityPlanner.CapacityPlan plan = new CapacityPlanner().plan(runs, host);

        assertThat(plan.fits()).extracting(PlatformFit::platform).containsExactly("runc", "vm");
        PlatformFit vm = plan.fits().get(1);
        // memory: (11 GiB - 1 GiB) / 100 MiB = 102; disk: 50 GiB / 1 GiB = 50; CPU: 4 / 0.5 = 8.
        assertThat(vm.perResource()).containsEntry("memory", 102L).containsEntry("disk", 50L).containsEntry("cpu", 8L);
        assertThat(vm.instances()).isEqualTo(8);
        assertThat(vm.binding()).isEqualTo("cpu");
        // 8 instances, 4 at a time, 2 s each: 2 rounds.
        assertThat(vm.startAll()).isEqualTo(Duration.ofSeconds(4));

        PlatformFit runc = plan.fits().get(0);
        assertThat(runc.instances()).isEqualTo(11L * 1024 / 4);
        assertThat(runc.binding()).isEqualTo("memory");
        assertThat(runc.assumptions()).anyMatch(a -> a.contains("disk not measured"))
                .anyMatch(a -> a.contains("CPU not considered"));
        assertThat(plan.toText()).contains("binds first").contains("Assumptions:").contains("lower bound");
    }

    @Test
    void plan_headroomIsTakenOffEveryResource() throws Exception {
        RunSet runs = runs(fig("runc", FigureKind.MEMORY_PRIVATE, "bytes", 1024 * MIB));
        assertThat(new CapacityPlanner().plan(runs, new HostCapacity(2, 10L << 30, 1L << 30, 0.2)).fits().get(0)
                .instances()).isEqualTo(8);
    }

    @Test
    void plan_withoutMemoryFootprints_saysWhatIsMissing() {
        RunSet runs = runs(fig("runc", FigureKind.STARTUP_TIME, "ms/op", 100));
        assertThatThrownBy(() -> new CapacityPlanner().plan(runs, new HostCapacity(2, 1L << 30, 1L << 30, 0)))
                .isInstanceOf(ReportInputException.class).hasMessageContaining("memoryPrivateBytes");
    }

    @Test
    void byteSize_parsesBinarySuffixes_andRefusesNonsense() {
        assertThat(ByteSize.parse("64g")).isEqualTo(64L << 30);
        assertThat(ByteSize.parse("500G")).isEqualTo(500L << 30);
        assertThat(ByteSize.parse("512MiB")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("1.5t")).isEqualTo(3L << 39);
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("\"lots\" is not a size");
        assertThat(ByteSize.parseFraction("20%")).isEqualTo(0.2);
        assertThat(ByteSize.parseFraction("0.1")).isEqualTo(0.1);
        assertThatThrownBy(() -> ByteSize.parseFraction("100%")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plan_ofTheJmhFixture_fitsEveryPlatformWithMemoryFigures() throws Exception {
        RunSet runs = RunSet.of(SyntheticRuns.jmhFixture("jmh/startup.json"));
        CapacityPlanner.CapacityPlan plan = new CapacityPlanner().plan(runs, new HostCapacity(2, 64L << 30, 500L << 30, 0.2));
        assertThat(plan.fits()).extracting(PlatformFit::platform).containsExactly("host", "drydock", "runc", "vm");
        List<Long> counts = new ArrayList<>(plan.fits().stream().map(PlatformFit::instances).toList());
        assertThat(counts.get(3)).isLessThan(counts.get(2)); // a VM takes more memory than a container
    }
}
