package io.drydock.bench;

import io.drydock.platform.InstanceSpec;
import io.drydock.platform.PlatformException;
import io.drydock.platform.workload.FioJob;
import io.drydock.platform.workload.WorkloadOutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Disk I/O with fio, one job file everywhere (4 KiB random read and write, 1 MiB sequential read
 * and write, direct I/O, a fixed file size and run time), on two targets:
 * <ul>
 *   <li>{@code rootfs}: the instance's own root filesystem. A container writes to its overlay's
 *       upper directory on the host's disk; a VM to its per-VM qcow2 overlay over virtio; the host
 *       to a directory of its disk.</li>
 *   <li>{@code volume}: storage given to the instance. A container gets a host directory bind-mounted
 *       (the claim: native speed); a VM a raw ext4 disk image opened by QEMU without the host's
 *       page cache; the host the same kind of directory.</li>
 * </ul>
 * The host's page cache is dropped before each run. Figures: IOPS and p50/p99 completion latency
 * of the random jobs, MiB/s of the sequential ones, as fio reports them.
 *
 * <p>A fork told to read only some figures ({@link ReadsAskedFigures}: the volume-read goal's
 * reruns) runs only the jobs behind them, the same jobs with the same settings: random reads alone
 * are the first job after fio lays out its file either way.
 */
@WorkloadRuns
@ReadsAskedFigures
// --quick: one fork (ten instance runs of the fio job file per fork, two with a VM boot); the
// default profile keeps 3 and its precision rounds.
@QuickForks(1)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(3)
@State(Scope.Benchmark)
public class DiskIoBenchmark {
    @Param({"host", "drydock", "runc", "crun", "vm"})
    public String platform;

    @Param({"rootfs", "volume"})
    public String target;

    private WorkloadFixture fixture;
    private InstanceSpec spec;
    private FioJob job;

    /** What fio reported. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Figures {
        public double randReadIops;
        public double randWriteIops;
        public double randReadP50Us;
        public double randReadP99Us;
        public double randWriteP50Us;
        public double randWriteP99Us;
        public double seqReadMiBps;
        public double seqWriteMiBps;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, PlatformException {
        WorkloadScale scale = WorkloadScale.current();
        WorkloadFixture.Target t = switch (target) {
            case "rootfs" -> WorkloadFixture.Target.ROOTFS;
            case "volume" -> WorkloadFixture.Target.VOLUME;
            default -> throw new IllegalArgumentException("target '" + target + "': expected rootfs or volume");
        };
        fixture = WorkloadFixture.open(platform);
        job = FioJob.of(fixture.directory(t), scale.fioFileBytes(), scale.fioTime());
        Set<String> reads = BenchmarkProfile.readsOfThisFork();
        if (!reads.isEmpty()) {
            job = job.only(Arrays.stream(FioJob.IoPattern.values()).filter(p -> reads.stream().anyMatch(m -> m.startsWith(figurePrefix(p)))).toList());
        }
        // The volume holds fio's file with room to spare (a VM's is a file system of that size).
        spec = t == WorkloadFixture.Target.VOLUME ? fixture.specWithVolume(job.shellCommand(), 2 * scale.fioFileBytes() + (64L << 20))
            : fixture.spec(job.shellCommand());
        fixture.prepare(spec);
    }

    @Benchmark
    public double fio(Figures f) throws PlatformException, WorkloadOutputException, IOException, InterruptedException {
        dropCaches();
        WorkloadFixture.Output out = fixture.run(spec, line -> {});
        FioJob.Result r = job.read(String.join("\n", out.lines()));
        for (FioJob.JobResult j : r.jobs()) {
            switch (j.pattern()) {
                case RANDOM_READ_4K -> {
                    f.randReadIops = j.iops();
                    f.randReadP50Us = j.p50Micros();
                    f.randReadP99Us = j.p99Micros();
                }
                case RANDOM_WRITE_4K -> {
                    f.randWriteIops = j.iops();
                    f.randWriteP50Us = j.p50Micros();
                    f.randWriteP99Us = j.p99Micros();
                }
                case SEQUENTIAL_READ_1M -> f.seqReadMiBps = j.mibPerSecond();
                case SEQUENTIAL_WRITE_1M -> f.seqWriteMiBps = j.mibPerSecond();
            }
        }
        return r.jobs().get(0).iops();
    }

    /** How the names of {@code p}'s figures begin ({@link Figures}). */
    static String figurePrefix(FioJob.IoPattern p) {
        return switch (p) {
            case RANDOM_READ_4K -> "randRead";
            case RANDOM_WRITE_4K -> "randWrite";
            case SEQUENTIAL_READ_1M -> "seqRead";
            case SEQUENTIAL_WRITE_1M -> "seqWrite";
        };
    }

    /** sync, then drop the host's page cache, dentries and inodes (proc(5), /proc/sys/vm/drop_caches). */
    private static void dropCaches() throws IOException, InterruptedException {
        Process sync = new ProcessBuilder("sync").redirectErrorStream(true).start();
        if (!sync.waitFor(2, TimeUnit.MINUTES)) {
            sync.destroyForcibly();
            throw new IOException("sync did not finish in 2 minutes");
        }
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, PlatformException {
        if (fixture != null) {
            fixture.close();
        }
    }
}
