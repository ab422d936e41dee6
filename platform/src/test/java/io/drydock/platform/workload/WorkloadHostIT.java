package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.platform.workload.FioJob.IoEngine;
import io.drydock.platform.workload.FioJob.IoPattern;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each workload's command run for real on this host, for a second or so, and its output parsed. */
class WorkloadHostIT {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    /** The memory an instance of the benchmarks' matrix gets. */
    private static final long INSTANCE_MEMORY = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void sysbenchCpu_timedOneSecond_parsesThePlatformsFigures() throws Exception {
        needs("sysbench");

        SysbenchCpu.Result r = SysbenchCpu.parse(run(SysbenchCpu.timed(2, ONE_SECOND).command(), line -> { }));

        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.totalEvents()).isPositive();
        assertThat(r.eventsPerSecond()).isPositive();
        assertThat(r.totalTime()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void sysbenchCpu_fixedWork_runsExactlyTheEventsAskedFor() throws Exception {
        needs("sysbench");

        SysbenchCpu.Result r = SysbenchCpu.parse(run(SysbenchCpu.fixedWork(1, 500).command(), line -> { }));

        assertThat(r.totalEvents()).isEqualTo(500);
        assertThat(r.threads()).isEqualTo(1);
    }

    @Test
    void sysbenchMemory_sequentialReadAndWriteWithThisHostsBlock_parseBandwidth() throws Exception {
        needs("sysbench");
        long block = blockForThisHost();

        SysbenchMemory.Result read = SysbenchMemory.parse(run(SysbenchMemory.sequentialRead(block, 2, ONE_SECOND).command(), l -> { }));
        SysbenchMemory.Result write = SysbenchMemory.parse(run(SysbenchMemory.sequentialWrite(block, 2, ONE_SECOND).command(), l -> { }));

        for (SysbenchMemory.Result r : List.of(read, write)) {
            assertThat(r.threads()).isEqualTo(2);
            assertThat(r.totalOperations()).isPositive();
            // Every operation is one pass over the block, so bandwidth is passes per second times the block.
            assertThat(r.mibPerSecond()).isCloseTo(r.operationsPerSecond() * block / (1 << 20),
                withPercentage(1));
        }
    }

    @Test
    void sysbenchMemory_randomRead_givesNanosecondsPerAccess() throws Exception {
        needs("sysbench");
        SysbenchMemory latency = SysbenchMemory.randomReadLatency(blockForThisHost(), ONE_SECOND);

        SysbenchMemory.Result r = SysbenchMemory.parse(run(latency.command(), line -> { }));

        assertThat(r.threads()).isEqualTo(1);
        assertThat(latency.nanosPerAccess(r)).isBetween(0.1, 10_000.0);
    }

    @Test
    void streamKernel_onThisHost_reportsBandwidthOfBothKernels() throws Exception {
        long cache = LastLevelCache.ofThisHost().bytes();
        StreamKernel kernel = new StreamKernel(StreamKernel.arrayBytesFor(cache, INSTANCE_MEMORY), 3);

        StreamKernel.Result r = kernel.parse(run(kernel.command(), line -> { }));

        // Four times the cache, unless an array would pass an eighth of the instance's memory.
        assertThat(kernel.arrayBytes()).isGreaterThanOrEqualTo(Math.min(4 * cache, INSTANCE_MEMORY / 8))
            .isLessThanOrEqualTo(INSTANCE_MEMORY / 8);
        // Positive and below any memory system's reach (1 TiB/s): a parse of the wrong number would fall outside.
        for (double mibps : new double[] {r.copyBestMiBps(), r.triadBestMiBps()}) {
            assertThat(mibps).isBetween(1.0, 1024.0 * 1024);
        }
        assertThat(r.copyMedianMiBps()).isLessThanOrEqualTo(r.copyBestMiBps());
        assertThat(r.passes()).isEqualTo(3);
    }

    @Test
    void streamKernel_timeLimit_stopsThePassesEarly() throws Exception {
        // A pass over three 64 MiB arrays takes milliseconds at the least; 1000 of them cannot fit in 1 ms.
        StreamKernel kernel = new StreamKernel(64L << 20, 1000, Duration.ofMillis(1));

        StreamKernel.Result r = kernel.parse(run(kernel.command(), line -> { }));

        assertThat(r.passes()).isBetween(1, 999);
    }

    @Test
    void sha256Work_onThisHost_printsTheExpectedDigestsOneRoundAtATime() throws Exception {
        Sha256Work work = new Sha256Work(16L << 20, 4);
        MarkedOutput marked = new MarkedOutput();

        long start = System.nanoTime();
        run(work.command(), marked);
        Duration wall = Duration.ofNanos(System.nanoTime() - start);

        Sha256Work.RoundTimes t = work.roundTimes(marked.section("sha256sum"));
        assertThat(t.elapsed()).isPositive().isLessThan(wall);
        // One process per round prints its digest as it ends: every round takes time of its own
        // (one process for all would print them together, in a fraction of a millisecond).
        assertThat(t.rounds()).hasSize(4).allSatisfy(r -> assertThat(r).isGreaterThan(Duration.ofMillis(2)));
        assertThat(t.atFastestPaceMs()).isPositive().isLessThanOrEqualTo(t.elapsedMs());
    }

    @ParameterizedTest
    @EnumSource(IoEngine.class)
    void fio_shellCommandInATempDirectory_reportsEveryJobAndLeavesNoFile(IoEngine engine) throws Exception {
        needs("fio");
        int depth = engine == IoEngine.PSYNC ? 1 : FioJob.DEFAULT_IO_DEPTH;
        FioJob job = new FioJob(dir.resolve("fio").toString(), 16L << 20, ONE_SECOND, engine, depth);

        FioJob.Result r = FioJob.parse(run(job.shellCommand(), line -> { }));

        assertThat(r.jobs()).hasSize(4);
        for (FioJob.JobResult j : r.jobs()) {
            assertThat(j.iops()).as(j.name()).isPositive();
            assertThat(j.mibPerSecond()).as(j.name()).isPositive();
            assertThat(j.p50Micros()).as(j.name()).isPositive();
        }
        try (Stream<Path> left = Files.list(dir.resolve("fio"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void fio_onAnOverlayMount_directIoWorks() throws Exception {
        needs("fio");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount an overlayfs");
        Path lower = Files.createDirectories(dir.resolve("lower"));
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Path jobFile = dir.resolve("job.fio");
        FioJob job = FioJob.of(merged.toString(), 16L << 20, ONE_SECOND);
        Files.writeString(jobFile, job.jobFileText());

        run(List.of("mount", "-t", "overlay", "overlay",
            "-o", "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged.toString()), line -> { });
        FioJob.Result r;
        try {
            assertThat(mountType(merged)).isEqualTo("overlay");
            r = FioJob.parse(run(job.command(jobFile.toString()), line -> { }));
        } finally {
            run(List.of("umount", merged.toString()), line -> { });
        }

        assertThat(r.job(IoPattern.RANDOM_READ_4K).iops()).isPositive();
        assertThat(r.job(IoPattern.SEQUENTIAL_WRITE_1M).mibPerSecond()).isPositive();
        // The data file went through the overlay into its upper layer.
        assertThat(upper.resolve(FioJob.DATA_FILE)).isRegularFile();
        assertThat(mountType(merged)).isNull();
    }

    /** The file system type mounted at {@code at}, from /proc/self/mountinfo, or null if nothing is. */
    private static String mountType(Path at) throws IOException {
        String type = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] pre = line.substring(0, line.indexOf(" - ")).split(" ");
            if (pre[4].equals(at.toString())) {
                type = line.substring(line.indexOf(" - ") + 3).split(" ")[0];
            }
        }
        return type;
    }

    private static void needs(String tool) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
            .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
        assumeTrue(found, "needs " + tool + " on PATH (Debian package " + tool + ")");
    }

    /**
     * Runs {@code argv}, hands each stdout line to {@code lines} from a reader thread as it arrives,
     * and returns the whole stdout; fails the test on a non-zero exit, with stderr in the message.
     */
    private static String run(List<String> argv, Consumer<String> lines) throws Exception {
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.accept(line);
                    out.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("%s finished within 2 minutes", argv.get(0)).isTrue();
            reader.join();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("exit status of %s; stderr: %s", argv, err).isZero();
            return out.toString();
        } finally {
            p.destroyForcibly();
            reader.join(10_000);
        }
    }

    /** The random-read block for this host's cache (sysfs or getconf): a power of two, from 256 MiB to a quarter of the instance. */
    private static long blockForThisHost() throws IOException {
        long block = SysbenchMemory.blockBytesFor(LastLevelCache.ofThisHost().bytes(), INSTANCE_MEMORY);
        assertThat(Long.bitCount(block)).isEqualTo(1);
        assertThat(block).isBetween(SysbenchMemory.MIN_BLOCK_BYTES, INSTANCE_MEMORY / 4);
        return block;
    }

}
