package io.drydock.results.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.schema.ResultFormatException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JmhJsonReaderTest {
    private final ResultCodec codec = new ResultCodec();

    private static Path resource(String name) throws Exception {
        return Path.of(JmhJsonReaderTest.class.getResource("/" + name).toURI());
    }

    private List<Figure> read(String name) throws Exception {
        return codec.read(resource(name)).figures();
    }

    @Test
    void startupFile_givesPrimaryAndFootprintFiguresPerPlatform() throws Exception {
        List<Figure> figs = read("jmh/startup.json");
        // host: start-up + 2 memory figures; drydock, runc, vm: start-up + 4 footprints each.
        assertThat(figs).hasSize(3 + 3 * 5);
        assertThat(figs).extracting(Figure::platform).containsOnly("host", "drydock", "runc", "vm");
        Figure vm = figs.stream().filter(f -> f.platform().equals("vm") && f.metric().equals(Figure.PRIMARY))
                .findFirst().orElseThrow();
        assertThat(vm.kind()).isEqualTo(FigureKind.STARTUP_TIME);
        assertThat(vm.unit()).isEqualTo("ms/op");
        assertThat(vm.better()).isEqualTo(Better.LOWER);
        assertThat(vm.workload()).isEqualTo("busybox");
        assertThat(vm.forks()).hasSize(5).allSatisfy(f -> assertThat(f).hasSize(3));
        assertThat(vm.samples()[0]).isEqualTo(vm.forks().get(0).stream().mapToDouble(d -> d).average().orElseThrow());
    }

    @Test
    void auxCounters_areRecordedInBytesAsLowerIsBetterFootprints() throws Exception {
        Figure mem = read("jmh/startup.json").stream()
                .filter(f -> f.platform().equals("runc") && f.metric().equals("memoryPrivateBytes"))
                .findFirst().orElseThrow();
        assertThat(mem.kind()).isEqualTo(FigureKind.MEMORY_PRIVATE);
        assertThat(mem.unit()).isEqualTo("bytes");
        assertThat(mem.better()).isEqualTo(Better.LOWER);
    }

    @Test
    void auxCountersNamedByTheirUnit_getThatUnitAsLowerIsBetter() throws Exception {
        // From a real BootBenchmark run: qemuPssKiB and guestMemoryKiB come out of JMH as "#".
        Figure pss = read("jmh/aux-units.json").stream().filter(f -> f.metric().equals("qemuPssKiB"))
                .findFirst().orElseThrow();
        assertThat(pss.unit()).isEqualTo("KiB");
        assertThat(pss.better()).isEqualTo(Better.LOWER);
        assertThat(pss.kind()).isEqualTo(FigureKind.OTHER);
    }

    @Test
    void workloadCounters_unitAndDirectionFromTheirNameSuffix() throws Exception {
        // From a real smoke run of the CPU and disk I/O benchmarks: every counter comes out of JMH as "#".
        java.util.Map<String, Figure> host = new java.util.HashMap<>();
        for (Figure f : read("jmh/workload-counters.json")) {
            if (f.platform().equals("host")) {
                host.put(f.metric(), f);
            }
        }
        assertThat(host.get("eventsPerSec")).extracting(Figure::unit, Figure::better).containsExactly("ops/s", Better.HIGHER);
        assertThat(host.get("workMs")).extracting(Figure::unit, Figure::better).containsExactly("ms", Better.LOWER);
        assertThat(host.get("randReadIops")).extracting(Figure::unit, Figure::better).containsExactly("IOPS", Better.HIGHER);
        assertThat(host.get("seqWriteMiBps")).extracting(Figure::unit, Figure::better).containsExactly("MiB/s", Better.HIGHER);
        assertThat(host.get("randReadP99Us")).extracting(Figure::unit, Figure::better).containsExactly("µs", Better.LOWER);
        assertThat(host.get("randReadIops").limits()).containsEntry("target", "volume");
    }

    @Test
    void nanScoreError_ofOneForkRun_isAccepted_andOtherParamsAreLimits() throws Exception {
        Figure f = read("jmh/throughput-one-fork.json").get(0);
        assertThat(f.forks()).hasSize(1);
        assertThat(f.better()).isEqualTo(Better.HIGHER);
        assertThat(f.limits()).containsEntry("cpus", "1").doesNotContainKeys("platform", "workload");
        assertThat(f.workload()).isEqualTo("sha256");
    }

    @Test
    void sampleMode_histogramIterations_becomeWeightedMeans() throws Exception {
        Figure f = read("jmh/sample-mode.json").get(0);
        assertThat(f.forks().get(0).get(0)).isCloseTo((0.08 * 10 + 0.1 * 30 + 0.12 * 10) / 50,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.forks().get(1)).containsExactly(0.1, 0.1);
    }

    @Test
    void nanInRawData_isRefusedWithThePathOfTheValue() {
        assertThatThrownBy(() -> read("bad/nan-in-rawdata.json")).isInstanceOf(ResultFormatException.class)
                .satisfies(e -> assertThat(((ResultFormatException) e).jsonPath())
                        .isEqualTo("$[0].primaryMetric.rawData[2][1]"))
                .hasMessageContaining("NaN");
    }

    @Test
    void missingRawData_isRefusedBecauseForksAreNeeded() {
        assertThatThrownBy(() -> read("bad/no-rawdata.json")).isInstanceOf(ResultFormatException.class)
                .hasMessageContaining("$[0].primaryMetric").hasMessageContaining("rawData");
    }

    @Test
    void classify_startupMethodsAndFootprintCounters() {
        assertThat(FigureKind.classify("a.B.bootToReady", Figure.PRIMARY, "ss")).isEqualTo(FigureKind.STARTUP_TIME);
        assertThat(FigureKind.classify("a.B.startContainer", Figure.PRIMARY, "avgt")).isEqualTo(FigureKind.STARTUP_TIME);
        assertThat(FigureKind.classify("a.B.startContainer", Figure.PRIMARY, "thrpt")).isEqualTo(FigureKind.OTHER);
        assertThat(FigureKind.classify("a.B.sha", "diskSharedBytes", "ss")).isEqualTo(FigureKind.DISK_SHARED);
        assertThat(FigureKind.classify("a.B.sha", Figure.PRIMARY, "ss")).isEqualTo(FigureKind.OTHER);
    }
}
