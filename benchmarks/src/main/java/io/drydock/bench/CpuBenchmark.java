package io.drydock.bench;

import io.drydock.platform.InstanceSpec;
import io.drydock.platform.PlatformException;
import io.drydock.platform.workload.MarkedOutput;
import io.drydock.platform.workload.Sha256Work;
import io.drydock.platform.workload.SysbenchCpu;
import io.drydock.platform.workload.WorkloadOutputException;
import java.io.IOException;
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
 * CPU on the host, in containers and in a VM, from the same debian-bench image and command: the
 * claim is that a container computes at native speed, and that a VM does too where it has KVM
 * (under TCG a VM's figures measure QEMU's emulation, and the report says so).
 * <ul>
 *   <li>{@link #sysbenchCpu}: sysbench's prime test for a fixed time at one thread and at every
 *       core; the figure is sysbench's own events per second.</li>
 *   <li>{@link #sha256}: a fixed amount of hashing, timed from the host between two marker lines
 *       the workload prints, so a guest's clock cannot flatter the VM.</li>
 * </ul>
 * Each invocation is one whole instance (started, run, removed); the figures are auxiliary counters
 * and the primary time of each method only says how long the run took, start-up included.
 */
@WholeInstanceRuns
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
@State(Scope.Benchmark)
public class CpuBenchmark {
    @Param({"host", "drydock", "runc", "crun", "vm"})
    public String platform;

    private WorkloadFixture fixture;
    private WorkloadScale scale;

    /** The thread count of {@link #sysbenchCpu}: one, or one per core ("all"). */
    @State(Scope.Benchmark)
    public static class Threads {
        @Param({"1", "all"})
        public String threads;

        int count() {
            return threads.equals("all") ? WorkloadFixture.cpus() : Integer.parseInt(threads);
        }
    }

    /** sysbench's rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Rate {
        /** sysbench cpu events per second. */
        public double eventsPerSec;
    }

    /** The fixed work's time as the host saw it. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class HostTimed {
        /** Milliseconds from the begin marker to the end marker, read on the host. */
        public double workMs;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, PlatformException {
        scale = WorkloadScale.current();
        fixture = WorkloadFixture.open(platform);
    }

    @Benchmark
    public double sysbenchCpu(Threads t, Rate rate) throws PlatformException, WorkloadOutputException {
        InstanceSpec spec = fixture.spec(SysbenchCpu.timed(t.count(), scale.timed()).command());
        WorkloadFixture.Output out = fixture.run(spec, line -> {});
        rate.eventsPerSec = SysbenchCpu.parse(String.join("\n", out.lines())).eventsPerSecond();
        return rate.eventsPerSec;
    }

    @Benchmark
    public double sha256(HostTimed timed) throws PlatformException, WorkloadOutputException {
        Sha256Work work = new Sha256Work(scale.sha256Bytes(), scale.sha256Rounds());
        MarkedOutput marks = new MarkedOutput();
        fixture.run(fixture.spec(work.command()), marks);
        MarkedOutput.Section s = marks.section("sha256sum");
        work.check(s.lines());
        timed.workMs = s.elapsed().toNanos() / 1e6;
        return timed.workMs;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, PlatformException {
        if (fixture != null) {
            fixture.close();
        }
    }
}
