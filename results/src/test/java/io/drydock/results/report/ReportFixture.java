package io.drydock.results.report;

import io.drydock.results.SyntheticRuns;
import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.schema.ResultFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The fixed result file of the golden tests ({@code src/test/resources/report/full-run.json}): every
 * benchmark the report knows, on host, drydock, runc, crun and a VM under TCG, with figures of the
 * size this development host measures, seeded noise and 5 forks of 3 iterations. Secondary metrics
 * carry JMH's aux-counter unit "#" and "lower is better", as the reader gives them today: the
 * catalogue's suffixes must set the display unit and direction.
 */
final class ReportFixture {
    static final String RESOURCE = "/report/full-run.json";

    private final Random random = new Random(13);
    private final List<Figure> figures = new ArrayList<>();

    private ReportFixture() {
    }

    /** The fixture as committed. */
    static ResultFile read() throws Exception {
        return new ResultCodec().read(Path.of(ReportFixture.class.getResource(RESOURCE).toURI()));
    }

    /** The fixture without any VM figure: a host without VMs. */
    static ResultFile withoutVms() throws Exception {
        ResultFile r = read();
        return ResultFile.of(Instant.parse(r.createdAt()), r.machine(),
            r.figures().stream().filter(f -> !f.platform().equals("vm")).toList());
    }

    /** Builds the fixture's figures afresh (only to rewrite the committed file). */
    static ResultFile generate() {
        ReportFixture x = new ReportFixture();
        String b = "io.drydock.bench.";
        x.primary(b + "StartupBenchmark.createStartWaitDelete", "ms/op", "busybox-true", Map.of(),
            Map.of("host", 2.5, "drydock", 19.6, "runc", 49.5, "crun", 21.0));
        x.primary(b + "BootBenchmark.bootToReady", "ms/op", "busybox", Map.of(), Map.of("vm", 3866.0, "qemu", 3565.0));
        for (String threads : List.of("oneThread", "allCores")) {
            double f = threads.equals("oneThread") ? 1 : 2;
            x.aux(b + "CpuBenchmark.cpu", threads + "EventsPerSec", Map.of(),
                Map.of("host", 1000 * f, "drydock", 996 * f, "runc", 999 * f, "crun", 1001 * f, "vm", 81 * f));
        }
        x.aux(b + "CpuBenchmark.cpu", "sha256WorkMs", Map.of(),
            Map.of("host", 120.0, "drydock", 121.0, "runc", 120.5, "crun", 120.8, "vm", 2400.0));
        x.aux(b + "MemoryBenchmark.sysbenchMemory", "readMiBps", Map.of(),
            Map.of("host", 9000.0, "drydock", 8950.0, "runc", 8990.0, "crun", 9010.0, "vm", 900.0));
        x.aux(b + "MemoryBenchmark.sysbenchMemory", "writeMiBps", Map.of(),
            Map.of("host", 6000.0, "drydock", 5980.0, "runc", 6010.0, "crun", 5990.0, "vm", 610.0));
        x.aux(b + "MemoryBenchmark.sysbenchMemory", "randomAccessNs", Map.of(),
            Map.of("host", 90.0, "drydock", 91.0, "runc", 90.5, "crun", 90.2, "vm", 900.0));
        x.aux(b + "DensityBenchmark.idleInstances", "memoryPerInstanceKiB", Map.of("instances", "1"),
            Map.of("drydock", 1200.0, "runc", 1500.0, "crun", 900.0, "vm", 180_000.0));
        x.aux(b + "DensityBenchmark.idleInstances", "memoryPerInstanceKiB", Map.of("instances", "10"),
            Map.of("drydock", 800.0, "runc", 1100.0, "crun", 600.0));
        x.aux(b + "DiskIoBenchmark.fio", "randReadIops", Map.of("target", "volume"),
            Map.of("host", 20_000.0, "drydock", 19_900.0, "runc", 19_950.0, "crun", 20_050.0, "vm", 3000.0));
        x.aux(b + "DiskIoBenchmark.fio", "randReadIops", Map.of("target", "rootfs"),
            Map.of("host", 20_000.0, "drydock", 15_500.0, "runc", 15_800.0, "crun", 15_600.0, "vm", 2800.0));
        x.aux(b + "DiskIoBenchmark.fio", "randReadP99Us", Map.of("target", "volume"),
            Map.of("host", 180.0, "drydock", 182.0, "runc", 181.0, "crun", 179.0, "vm", 2500.0));
        x.aux(b + "DiskIoBenchmark.fio", "seqWriteMiBps", Map.of("target", "volume"),
            Map.of("host", 800.0, "drydock", 795.0, "runc", 798.0, "crun", 802.0, "vm", 150.0));
        x.aux(b + "DiskFootprintBenchmark.measure", "diskPrivateBytes", Map.of(),
            Map.of("drydock", 40_960.0, "runc", 45_056.0, "crun", 44_000.0, "vm", 12_582_912.0));
        x.aux(b + "DiskFootprintBenchmark.measure", "diskSharedBytes", Map.of(),
            Map.of("drydock", 5_242_880.0, "runc", 5_242_880.0, "crun", 5_242_880.0, "vm", 67_108_864.0));
        x.primary(b + "NetworkBenchmark.requestResponse", "us/op", "default", Map.of(),
            Map.of("host", 35.1, "drydock", 66.0, "drydock-hostnet", 36.2, "vm", 450.0));
        x.primary(b + "NetworkBenchmark.bulkDownload", "ms/op", "default", Map.of(),
            Map.of("host", 30.0, "drydock", 33.0, "drydock-hostnet", 30.4, "vm", 900.0));
        x.aux(b + "NetworkAppBenchmark.iperf3", "throughputMbps", Map.of(),
            Map.of("host", 40_000.0, "drydock", 30_000.0, "drydock-hostnet", 39_600.0, "vm", 2000.0));
        x.aux(b + "NetworkAppBenchmark.redis", "getPerSec", Map.of(),
            Map.of("host", 50_000.0, "drydock", 37_000.0, "drydock-hostnet", 49_600.0, "vm", 8000.0));
        x.primary(b + "BuildBenchmark.buildOneRunLayer", "ms/op", "default", Map.of(), Map.of("drydock", 850.0));
        return ResultFile.of(Instant.parse("2026-12-06T05:00:00Z"), SyntheticRuns.machine(), x.figures);
    }

    private void primary(String benchmark, String unit, String workload, Map<String, String> limits,
                         Map<String, Double> byPlatform) {
        new TreeMap<>(byPlatform).forEach((p, mean) -> figures.add(figure(benchmark, Figure.PRIMARY, "ss", unit,
            Better.LOWER, workload, limits, p, mean)));
    }

    private void aux(String benchmark, String metric, Map<String, String> limits, Map<String, Double> byPlatform) {
        // The unit the JMH reader gives an aux counter: a footprint kind's, else "bytes"/"KiB" by name, else "#".
        FigureKind kind = FigureKind.classify(benchmark, metric, "ss");
        String unit = kind.unit() != null ? kind.unit() : metric.endsWith("Bytes") ? "bytes" : metric.endsWith("KiB") ? "KiB" : "#";
        new TreeMap<>(byPlatform).forEach((p, mean) -> figures.add(figure(benchmark, metric, "ss", unit, Better.LOWER,
            "default", limits, p, mean)));
    }

    private Figure figure(String benchmark, String metric, String mode, String unit, Better better, String workload,
                          Map<String, String> limits, String platform, double mean) {
        Figure f = SyntheticRuns.figure(benchmark, platform, mean, 0.01, 5, 3, random);
        // Values rounded to four significant digits keep the committed JSON readable.
        List<List<Double>> forks = f.forks().stream().map(it -> it.stream()
            .map(v -> Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v))).toList()).toList();
        return new Figure(benchmark, metric, mode, unit, better, FigureKind.classify(benchmark, metric, mode), platform,
            workload, new TreeMap<>(limits), forks);
    }
}
