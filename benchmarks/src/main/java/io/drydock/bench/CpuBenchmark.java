package io.drydock.bench;

import io.drydock.platform.PlatformException;
import io.drydock.platform.workload.MarkedOutput;
import io.drydock.platform.workload.Sha256Work;
import io.drydock.platform.workload.SysbenchCpu;
import io.drydock.platform.workload.WorkloadOutputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * CPU on the host, in containers and in a VM, from the same debian-bench image and commands: the
 * claim is that a container computes at native speed, and that a VM does too where it has KVM
 * (under TCG a VM's figures measure QEMU's emulation, and the report says so). One instance runs,
 * one after the other (one VM boot serves all three):
 * <ul>
 *   <li>sysbench's prime test for a fixed time at one thread bound to the last CPU
 *       ({@code oneThreadEventsPerSec}) and at
 *       one thread per core ({@code allCoresEventsPerSec}): sysbench's events per second in the
 *       best second of the run (as STREAM's best pass: a neighbour's burst of load on a shared host
 *       slowed whole three-second runs by 14-46% now and then, so a run lasts six seconds in the
 *       default profile);</li>
 *   <li>a fixed amount of hashing ({@code sha256WorkMs}): a file of zeros hashed in several
 *       rounds, one {@code sha256sum} process per round bound to the last CPU (see
 *       {@link Sha256Work}). The host reads its own clock as each round's digest line arrives, so a
 *       guest's clock cannot flatter the VM, and the figure is the whole work at the pace of the
 *       fastest round: load from neighbours on a shared host only ever slows a round (the memory
 *       benchmark takes its best pass for the same reason).</li>
 * </ul>
 * The figures are auxiliary counters; the primary time of the method (the whole run, start-up
 * included) is not reported. What is pinned is the same in every arm: the one-thread run and the
 * hashing are bound to the instance's last CPU with {@code taskset} (on the host, and in
 * containers, the host's last core; in a VM its last vCPU, whose thread QEMU does not pin), the
 * all-core run is not bound. A goal round's fork ({@link ReadsAskedFigures}) runs only the parts
 * behind the figures it reads, each as it runs in a whole fork.
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
public class CpuBenchmark {
    @Param({"host", "drydock", "runc", "crun", "vm"})
    public String platform;

    private WorkloadFixture fixture;
    private WorkloadScript script;
    private Sha256Work work;

    /** What the three parts reported. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Figures {
        /** sysbench cpu events per second, one thread, best second. */
        public double oneThreadEventsPerSec;
        /** sysbench cpu events per second, one thread per core, best second. */
        public double allCoresEventsPerSec;
        /**
         * Milliseconds of the fixed hashing at the pace of its fastest round (that round's host time,
         * from the arrival of the digest line before it, times the rounds); see {@link Sha256Work.RoundTimes}.
         */
        public double sha256WorkMs;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, PlatformException {
        WorkloadScale scale = WorkloadScale.current();
        work = new Sha256Work(scale.sha256Bytes(), scale.sha256Rounds());
        // A goal round's fork (ReadsAskedFigures) runs only the parts behind the figures it reads.
        script = new WorkloadScript();
        if (BenchmarkProfile.forkReadsAnyOf("oneThreadEventsPerSec")) {
            script.part("one-thread", pinnedToLastCpu(SysbenchCpu.timed(1, scale.cpuTime()).command()));
        }
        if (BenchmarkProfile.forkReadsAnyOf("allCoresEventsPerSec")) {
            script.part("all-cores", SysbenchCpu.timed(WorkloadFixture.cpus(), scale.cpuTime()).command());
        }
        if (BenchmarkProfile.forkReadsAnyOf("sha256WorkMs")) {
            script.part("sha256", work.command());
        }
        fixture = WorkloadFixture.open(platform);
        fixture.prepare(fixture.spec(script.command()));
    }

    /**
     * {@code argv} bound to the last CPU the instance has ({@code taskset}, util-linux, in the image
     * and on the host): the one-thread figure then runs on the same core on the host and in every
     * container. In a VM it binds to the last vCPU; the vCPUs themselves are not pinned to host
     * cores (QEMU's own threads would share them on a small host).
     */
    static List<String> pinnedToLastCpu(List<String> argv) {
        List<String> pinned = new ArrayList<>(List.of("/bin/sh", "-c", "exec taskset -c \"$(($(nproc) - 1))\" \"$@\"", "pin"));
        pinned.addAll(argv);
        return pinned;
    }

    @Benchmark
    public double cpu(Figures f) throws PlatformException, WorkloadOutputException {
        MarkedOutput marks = new MarkedOutput();
        WorkloadFixture.Output out = fixture.run(fixture.spec(script.command()), marks);
        Map<String, String> parts = WorkloadScript.split(out.lines());
        if (script.has("one-thread")) {
            f.oneThreadEventsPerSec = SysbenchCpu.parse(parts.getOrDefault("one-thread", "")).bestSecondEventsPerSecond();
        }
        if (script.has("all-cores")) {
            f.allCoresEventsPerSec = SysbenchCpu.parse(parts.getOrDefault("all-cores", "")).bestSecondEventsPerSecond();
        }
        if (script.has("sha256")) {
            Sha256Work.RoundTimes times = work.roundTimes(marks.section("sha256sum"));
            f.sha256WorkMs = times.atFastestPaceMs();
        }
        return f.sha256WorkMs;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, PlatformException {
        if (fixture != null) {
            fixture.close();
        }
    }
}
