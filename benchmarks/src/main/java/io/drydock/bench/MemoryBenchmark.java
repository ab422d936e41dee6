package io.drydock.bench;

import io.drydock.platform.PlatformException;
import io.drydock.platform.workload.LastLevelCache;
import io.drydock.platform.workload.StreamKernel;
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
 * Memory bandwidth and latency on the host, in containers and in a VM, from the same commands: the
 * claim is that a container's memory runs at native speed (its cost is accounting, not access).
 * One instance runs both parts, one after the other (one VM boot serves both):
 * <ul>
 *   <li>drydock's STREAM-style kernel ({@link StreamKernel}, the same binary everywhere) on one
 *       thread bound to the last CPU, as the CPU benchmark's one-thread figure: copy and triad over
 *       three arrays of four times the host's last-level cache each ({@link LastLevelCache}; each at
 *       most an eighth of the instance's memory, which a whole package's cache figure can pass; advised
 *       into transparent huge pages: with 4 KiB pages triad was bound by nested page walks), the best of many timed
 *       passes spread over seconds ({@code copyMiBps}, {@code triadMiBps}). One pinned thread and the
 *       best pass make the figure steady on a shared host, where sysbench's all-core runs moved by
 *       ±10% and a neighbour's burst slows every pass inside it;</li>
 *   <li>sysbench's random single-thread reads over a block of four times the last-level cache
 *       (at most a quarter of the instance's memory), turned into nanoseconds per access ({@code randomAccessNs}).</li>
 * </ul>
 * A goal round's fork ({@link ReadsAskedFigures}: the bandwidth goal's reruns) runs only the part
 * behind the figures it reads.
 */
@WorkloadRuns
@ReadsAskedFigures
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(3)
@QuickForks(1)
@State(Scope.Benchmark)
public class MemoryBenchmark {
    @Param({"host", "drydock", "runc", "crun", "vm"})
    public String platform;

    private WorkloadFixture fixture;
    private WorkloadScript script;
    private StreamKernel stream;
    private SysbenchMemory random;

    /** What the kernel and sysbench reported. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Figures {
        /** STREAM-style copy, MiB/s, one thread, best pass. */
        public double copyMiBps;
        /** STREAM-style triad, MiB/s, one thread, best pass. */
        public double triadMiBps;
        /** Random reads, one thread: nanoseconds per access. */
        public double randomAccessNs;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, PlatformException {
        WorkloadScale scale = WorkloadScale.current();
        LastLevelCache cache = LastLevelCache.ofThisHost();
        stream = new StreamKernel(StreamKernel.arrayBytesFor(cache.bytes(), WorkloadFixture.MEMORY_BYTES), scale.streamPasses(),
            scale.streamTime());
        random = SysbenchMemory.randomReadLatency(SysbenchMemory.blockBytesFor(cache.bytes(), WorkloadFixture.MEMORY_BYTES),
            scale.timed());
        // In the fork's log: what sized the buffers, and whether the instance's memory held them below STREAM's rule.
        System.out.printf("memory: last-level cache %d MiB (%s); stream arrays %d MiB each%s, random-read block %d MiB%n",
            cache.bytes() >> 20, cache.source(), stream.arrayBytes() >> 20,
            stream.meetsStreamRule(cache.bytes()) ? "" : " (under 4x the cache: capped by the instance's memory)",
            random.blockBytes() >> 20);
        // A goal round's fork (ReadsAskedFigures) runs only the part behind the figures it reads:
        // the bandwidth goal's reruns skip the random reads, a third of a fork here.
        script = new WorkloadScript();
        if (BenchmarkProfile.forkReadsAnyOf("copyMiBps", "triadMiBps")) {
            script.part("stream", stream.command());
        }
        if (BenchmarkProfile.forkReadsAnyOf("randomAccessNs")) {
            script.part("random", random.command());
        }
        fixture = WorkloadFixture.open(platform);
        fixture.prepare(fixture.spec(script.command()));
    }

    @Benchmark
    public double memory(Figures f) throws PlatformException, WorkloadOutputException {
        WorkloadFixture.Output out = fixture.run(fixture.spec(script.command()), line -> {});
        Map<String, String> parts = WorkloadScript.split(out.lines());
        if (script.has("stream")) {
            StreamKernel.Result s = stream.parse(parts.getOrDefault("stream", ""));
            f.copyMiBps = s.copyBestMiBps();
            f.triadMiBps = s.triadBestMiBps();
            // In the fork's log: whether the kernel got huge pages on this platform (it moves triad by half).
            System.out.printf("stream: %d passes, %s of its arrays in transparent huge pages%n", s.passes(),
                s.hugeKib() < 0 ? "unknown KiB" : s.hugeKib() + " KiB");
        }
        if (script.has("random")) {
            f.randomAccessNs = random.nanosPerAccess(SysbenchMemory.parse(parts.getOrDefault("random", "")));
        }
        return f.copyMiBps;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, PlatformException {
        if (fixture != null) {
            fixture.close();
        }
    }
}
