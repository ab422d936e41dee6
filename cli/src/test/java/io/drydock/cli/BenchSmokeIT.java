package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One single-shot run of every benchmark through the real {@code drydock bench}, so a broken
 * benchmark fails the build. It measures nothing worth keeping (one iteration, one fork).
 */
class BenchSmokeIT {
    static final Path DRYDOCK = Path.of("target", "drydock", "bin", "drydock").toAbsolutePath();

    @Test
    void benchSmoke_runsEveryBenchmark_andWritesResultsAndReport(@TempDir Path out) throws Exception {
        assumeTrue(Files.isExecutable(DRYDOCK), "the distribution is built by `package` before integration tests");
        Path log = out.resolve("bench.log");
        Process p = new ProcessBuilder(DRYDOCK.toString(), "bench", "--smoke", "-o", out.resolve("results").toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(30, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(done).as("bench finished in time").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Path run;
        try (Stream<Path> runs = Files.list(out.resolve("results"))) {
            run = runs.findFirst().orElseThrow();
        }
        assertThat(run.resolve("report.html")).exists();
        JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        Set<String> platforms = new HashSet<>();
        Set<String> benchmarks = new HashSet<>();
        Set<String> metrics = new HashSet<>();
        for (JsonNode f : results.get("figures")) {
            platforms.add(f.get("platform").asText());
            metrics.add(f.get("metric").asText());
            String benchmark = f.get("benchmark").asText();
            benchmarks.add(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1));
            // A fall in the host's free memory is a difference of two noisy readings and may be nothing.
            if (!f.get("metric").asText().equals("hostMemoryPerInstanceKiB")) {
                assertThat(f.get("forks").get(0).get(0).asDouble()).as(f.toString()).isPositive();
            }
        }
        // Every container platform this CI host has (scripts/setup installs runc and crun), and its VMs.
        assertThat(platforms).contains("host", "unshare", "drydock", "drydock-runc", "drydock-runc-daemon", "runc", "crun", "vm");
        // iperf3's and redis-benchmark's figures (scripts/setup installs both tools).
        assertThat(metrics).contains("throughputMbps", "getPerSec", "setPerSec");
        // drydock's STREAM-style kernel, the same binary on every platform.
        assertThat(metrics).contains("copyMiBps", "triadMiBps");
        // The workload matrix: CPU, memory, disk I/O and density on host, containers and VM.
        assertThat(benchmarks).contains("CpuBenchmark.cpu", "MemoryBenchmark.memory",
            "DiskIoBenchmark.fio", "DensityBenchmark.idleInstances");
        for (String workload : List.of("CpuBenchmark.cpu", "MemoryBenchmark.memory", "DiskIoBenchmark.fio")) {
            Set<String> ran = new HashSet<>();
            results.get("figures").forEach(f -> {
                if (f.get("benchmark").asText().endsWith(workload)) {
                    ran.add(f.get("platform").asText());
                }
            });
            assertThat(ran).as(workload).contains("host", "drydock", "runc", "crun", "vm");
        }
        assertThat(output).contains("report:");
    }
}
