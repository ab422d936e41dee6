package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drydock.bench.BenchmarkProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JMH forks of the benchmarks that do less in a goal's reruns, told which figures to read as
 * those reruns are ({@code drydock.bench.reads}): the figures asked are there and the others are
 * not, their work not done. On the host, from the built distribution.
 */
class ReadsAskedFiguresIT {
    private static final Path LIB = Path.of("target", "drydock", "lib").toAbsolutePath();

    @Test
    void diskIoForkReadingRandomReads_runsTheRandomReadJobAlone(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isWritable(Path.of("/proc/sys/vm/drop_caches")), "dropping the page cache needs root");
        assumeTrue(new ProcessBuilder("fio", "--version").start().waitFor() == 0, "fio is not installed");
        JsonNode secondary = fork(dir, "io.drydock.bench.DiskIoBenchmark.fio", "randReadIops", "-p", "target=volume");
        for (String read : List.of("randReadIops", "randReadP50Us", "randReadP99Us")) {
            assertThat(secondary.get(read).get("score").asDouble()).as(read).isPositive();
        }
        // The jobs no one asked for did not run: their counters stay at zero.
        for (String notRun : List.of("randWriteIops", "seqReadMiBps", "seqWriteMiBps")) {
            assertThat(secondary.get(notRun).get("score").asDouble()).as(notRun).isZero();
        }
    }

    @Test
    void memoryForkReadingBandwidth_runsTheStreamKernelWithoutTheRandomReads(@TempDir Path dir) throws Exception {
        assumeTrue(new ProcessBuilder("sysbench", "--version").start().waitFor() == 0, "sysbench is not installed");
        JsonNode secondary = fork(dir, "io.drydock.bench.MemoryBenchmark.memory", "copyMiBps,triadMiBps");
        assertThat(secondary.get("copyMiBps").get("score").asDouble()).isPositive();
        assertThat(secondary.get("triadMiBps").get("score").asDouble()).isPositive();
        assertThat(secondary.get("randomAccessNs").get("score").asDouble()).isZero();
    }

    @Test
    void cpuForkReadingOneThread_runsThatSysbenchRunAlone(@TempDir Path dir) throws Exception {
        assumeTrue(new ProcessBuilder("sysbench", "--version").start().waitFor() == 0, "sysbench is not installed");
        JsonNode secondary = fork(dir, "io.drydock.bench.CpuBenchmark.cpu", "oneThreadEventsPerSec");
        assertThat(secondary.get("oneThreadEventsPerSec").get("score").asDouble()).isPositive();
        assertThat(secondary.get("allCoresEventsPerSec").get("score").asDouble()).isZero();
        assertThat(secondary.get("sha256WorkMs").get("score").asDouble()).isZero();
    }

    /** One smoke-scale fork of {@code benchmark} on the host reading {@code reads}; its secondary metrics. */
    private static JsonNode fork(Path dir, String benchmark, String reads, String... params) throws Exception {
        assumeTrue(Files.isDirectory(LIB), "the distribution is built by `package` before integration tests");
        Path result = dir.resolve("result.json");
        Path log = dir.resolve("jmh.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> argv = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
            "-cp", LIB + "/runc/*:" + LIB + "/*", "org.openjdk.jmh.Main", benchmark, "-p", "platform=host"));
        argv.addAll(List.of(params));
        argv.addAll(List.of("-f", "1", "-foe", "true", "-rf", "json", "-rff", result.toString(),
            "-jvmArgsAppend", "--enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=" + dir + " -D" + BenchmarkProfile.FORK_PROPERTY
                + "=smoke -D" + BenchmarkProfile.READS_PROPERTY + "=" + reads));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(done).as("JMH finished in time").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        // The fork left nothing of its own behind in its temporary directory.
        try (var left = Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("result.json", "jmh.log");
        }
        return new ObjectMapper().readTree(result.toFile()).get(0).get("secondaryMetrics");
    }
}
