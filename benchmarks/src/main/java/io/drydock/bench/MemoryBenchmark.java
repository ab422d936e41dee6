package io.drydock.bench;

import io.drydock.platform.PlatformException;
import io.drydock.platform.workload.SysbenchMemory;
import io.drydock.platform.workload.WorkloadOutputException;
import java.io.IOException;
import java.util.Map;
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
 * Memory bandwidth and latency on the host, in containers and in a VM, from the same debian-bench
 * image: sysbench's sequential read and write over a block at least four times the host's
 * last-level cache (one thread per core), and random single-thread reads over the same block,
 * turned into nanoseconds per access. The claim: a container's memory runs at native speed (its
 * cost is accounting, not access). One instance runs all three, one after the other.
 */
@WorkloadRuns
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(3)
@State(Scope.Benchmark)
public class MemoryBenchmark {
    @Param({"host", "drydock", "runc", "crun", "vm"})
    public String platform;

    private WorkloadFixture fixture;
    private WorkloadScript script;
    private SysbenchMemory random;

    /** What sysbench reported. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Figures {
        /** Sequential read, MiB/s, all cores. */
        public double readMiBps;
        /** Sequential write, MiB/s, all cores. */
        public double writeMiBps;
        /** Random reads, one thread: nanoseconds per access. */
        public double randomAccessNs;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, PlatformException {
        WorkloadScale scale = WorkloadScale.current();
        long block = SysbenchMemory.blockBytesForThisHost();
        int cpus = WorkloadFixture.cpus();
        script = new WorkloadScript()
            .part("read", SysbenchMemory.sequentialRead(block, cpus, scale.timed()).command())
            .part("write", SysbenchMemory.sequentialWrite(block, cpus, scale.timed()).command())
            .part("random", (random = SysbenchMemory.randomReadLatency(block, scale.timed())).command());
        fixture = WorkloadFixture.open(platform);
    }

    @Benchmark
    public double sysbenchMemory(Figures f) throws PlatformException, WorkloadOutputException {
        WorkloadFixture.Output out = fixture.run(fixture.spec(script.command()), line -> {});
        Map<String, String> parts = WorkloadScript.split(out.lines());
        f.readMiBps = SysbenchMemory.parse(parts.getOrDefault("read", "")).mibPerSecond();
        f.writeMiBps = SysbenchMemory.parse(parts.getOrDefault("write", "")).mibPerSecond();
        f.randomAccessNs = random.nanosPerAccess(SysbenchMemory.parse(parts.getOrDefault("random", "")));
        return f.readMiBps;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, PlatformException {
        if (fixture != null) {
            fixture.close();
        }
    }
}
