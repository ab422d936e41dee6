package io.drydock.cli;

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
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Writes seeded result files for the command tests. */
final class ResultFixtures {
    private ResultFixtures() {
    }

    static MachineInfo machine(String cpu) {
        return new MachineInfo("Linux 6.18.0 x86_64", cpu, 2, 24L << 30, "hybrid", "tcg",
                new TreeMap<>(Map.of("drydock", "test", "jdk", "25")));
    }

    /**
     * Start-up figures on host, runc and vm, plus memory footprints, with 1% noise and 5 forks.
     *
     * @param slowdown factor applied to the runc start-up
     */
    static ResultFile run(long seed, double slowdown, String cpu) {
        Random r = new Random(seed);
        List<Figure> figs = new ArrayList<>();
        double[][] platforms = {{2, 1 << 20, 0}, {90, 3 << 20, 6 << 20}, {1800, 140 << 20, 30 << 20}};
        String[] names = {"host", "runc", "vm"};
        for (int p = 0; p < names.length; p++) {
            double factor = names[p].equals("runc") ? slowdown : 1;
            figs.add(figure(names[p], Figure.PRIMARY, "ms/op", FigureKind.STARTUP_TIME, platforms[p][0] * factor, r));
            figs.add(figure(names[p], "memoryPrivateBytes", "bytes", FigureKind.MEMORY_PRIVATE, platforms[p][1], r));
            figs.add(figure(names[p], "memorySharedBytes", "bytes", FigureKind.MEMORY_SHARED, platforms[p][2], r));
        }
        return ResultFile.of(Instant.parse("2026-11-28T06:00:00Z"), machine(cpu), figs);
    }

    private static Figure figure(String platform, String metric, String unit, FigureKind kind, double mean, Random r) {
        List<List<Double>> forks = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            double forkMean = mean * Math.exp(r.nextGaussian() * 0.01);
            forks.add(List.of(forkMean * Math.exp(r.nextGaussian() * 0.005), forkMean * Math.exp(r.nextGaussian() * 0.005)));
        }
        return new Figure("io.drydock.bench.StartupBenchmark.bootToReady", metric, "ss", unit, Better.LOWER, kind,
                platform, "busybox", new TreeMap<>(), forks);
    }

    /**
     * Writes the figures of {@code r} as JMH writes them ({@code -rf json}): one entry per benchmark and
     * parameters, the primary metric and the secondary ones each with its per-fork {@code rawData}. No
     * machine: JMH records none.
     */
    static Path writeJmh(ResultFile r, Path file) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ArrayNode entries = json.createArrayNode();
        Map<String, com.fasterxml.jackson.databind.node.ObjectNode> byRun = new java.util.LinkedHashMap<>();
        for (Figure f : r.figures()) {
            com.fasterxml.jackson.databind.node.ObjectNode entry = byRun.computeIfAbsent(
                f.benchmark() + " " + f.platform() + " " + f.workload() + " " + f.limits(), k -> {
                    com.fasterxml.jackson.databind.node.ObjectNode e = entries.addObject();
                    e.put("jmhVersion", "1.37").put("benchmark", f.benchmark()).put("mode", f.mode())
                        .put("threads", 1).put("forks", f.forks().size());
                    com.fasterxml.jackson.databind.node.ObjectNode params = e.putObject("params");
                    params.put("platform", f.platform()).put("workload", f.workload());
                    f.limits().forEach(params::put);
                    return e;
                });
            com.fasterxml.jackson.databind.node.ObjectNode metric = f.metric().equals(Figure.PRIMARY)
                ? entry.putObject("primaryMetric")
                : (entry.has("secondaryMetrics") ? (com.fasterxml.jackson.databind.node.ObjectNode) entry.get("secondaryMetrics")
                    : entry.putObject("secondaryMetrics")).putObject(f.metric());
            metric.put("score", f.mean()).put("scoreError", "NaN").put("scoreUnit", f.unit());
            com.fasterxml.jackson.databind.node.ArrayNode raw = metric.putArray("rawData");
            for (List<Double> fork : f.forks()) {
                com.fasterxml.jackson.databind.node.ArrayNode values = raw.addArray();
                fork.forEach(values::add);
            }
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), entries);
        return file;
    }

    static Path write(ResultFile r, Path file) throws Exception {
        new ResultCodec().write(r, file);
        return file;
    }
}
