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
 * A real JMH fork of the disk-I/O benchmark told to read random reads alone, as the volume-read
 * goal's reruns are ({@code drydock.bench.reads}): fio runs the random-read job and nothing else, so
 * its figures are there and the other jobs' are not. On the host, from the built distribution.
 */
class DiskIoReadsIT {
    private static final Path LIB = Path.of("target", "drydock", "lib").toAbsolutePath();

    @Test
    void forkReadingRandomReads_runsTheRandomReadJobAlone(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(LIB), "the distribution is built by `package` before integration tests");
        assumeTrue(Files.isWritable(Path.of("/proc/sys/vm/drop_caches")), "dropping the page cache needs root");
        assumeTrue(new ProcessBuilder("fio", "--version").start().waitFor() == 0, "fio is not installed");
        Path result = dir.resolve("result.json");
        Path log = dir.resolve("jmh.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> argv = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
            "-cp", LIB + "/runc/*:" + LIB + "/*", "org.openjdk.jmh.Main",
            "io.drydock.bench.DiskIoBenchmark.fio", "-p", "platform=host", "-p", "target=volume", "-f", "1",
            "-foe", "true", "-rf", "json", "-rff", result.toString(),
            "-jvmArgsAppend", "--enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=" + dir + " -D" + BenchmarkProfile.FORK_PROPERTY + "=smoke -D"
                + BenchmarkProfile.READS_PROPERTY + "=randReadIops"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(done).as("JMH finished in time").isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        JsonNode secondary = new ObjectMapper().readTree(result.toFile()).get(0).get("secondaryMetrics");
        for (String read : List.of("randReadIops", "randReadP50Us", "randReadP99Us")) {
            assertThat(secondary.get(read).get("score").asDouble()).as(read).isPositive();
        }
        // The jobs no one asked for did not run: their counters stay at zero.
        for (String notRun : List.of("randWriteIops", "seqReadMiBps", "seqWriteMiBps")) {
            assertThat(secondary.get(notRun).get("score").asDouble()).as(notRun).isZero();
        }
        // And the fork left nothing of its own behind in its temporary directory.
        try (var left = Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("result.json", "jmh.log");
        }
    }
}
