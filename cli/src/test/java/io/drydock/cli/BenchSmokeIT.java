package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
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
        boolean done = p.waitFor(20, TimeUnit.MINUTES);
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
        Set<String> metrics = new HashSet<>();
        for (JsonNode f : results.get("figures")) {
            platforms.add(f.get("platform").asText());
            metrics.add(f.get("metric").asText());
            assertThat(f.get("forks").get(0).get(0).asDouble()).isPositive();
        }
        // Every container platform this CI host has (scripts/setup installs runc and crun).
        assertThat(platforms).contains("host", "unshare", "drydock", "drydock-runc", "runc", "crun");
        // iperf3's and redis-benchmark's figures (scripts/setup installs both tools).
        assertThat(metrics).contains("throughputMbps", "getPerSec", "setPerSec");
        assertThat(output).contains("report:");
    }
}
