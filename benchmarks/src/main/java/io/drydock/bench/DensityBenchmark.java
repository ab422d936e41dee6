package io.drydock.bench;

import io.drydock.platform.Instance;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.PlatformException;
import io.drydock.vm.QemuProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
 * Density: what one idle instance costs the host's memory when {@code instances} of them run side
 * by side from the same debian-bench image (containers share one rootfs overlay, as an engine's
 * containers share image layers; each VM boots its own guest under its own qcow2 overlay of one
 * base). Each instance runs {@code sleep}. Once all are ready and have settled for a second:
 * <ul>
 *   <li>{@code memoryPerInstanceKiB}: the PSS of every process that exists for the instances (the
 *       workloads, a foreground {@code runc run}, a VM's QEMU with its guest memory), divided by
 *       {@code instances}: shared pages are split between their users, as the host pays them.</li>
 *   <li>{@code hostMemoryPerInstanceKiB}: the fall of the host's MemAvailable from before the
 *       first start to then, divided by {@code instances} (page cache and kernel memory included,
 *       and noisier).</li>
 * </ul>
 * The catalogue runs containers and the host at 1, 10 and 50 instances, VMs at 1 and 4.
 */
@WorkloadRuns
// --quick: one fork. The forks start 1, 10 and 50 containers per platform (VMs: 1 and 4 guests);
// idle memory moves little between forks.
@QuickForks(1)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(3)
@State(Scope.Benchmark)
public class DensityBenchmark {
    /** Printed by each instance once it runs, before it idles. */
    static final String READY = "@@drydock-idle";

    @Param({"host", "drydock", "runc", "crun", "vm"})
    public String platform;

    @Param({"1", "10", "50"})
    public int instances;

    private WorkloadFixture fixture;
    private InstanceSpec spec;
    private final List<Instance> running = new ArrayList<>();

    /** The costs per instance. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Figures {
        public double memoryPerInstanceKiB;
        public double hostMemoryPerInstanceKiB;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, PlatformException {
        if (instances < 1) {
            throw new IllegalArgumentException("instances: at least 1, got " + instances);
        }
        fixture = WorkloadFixture.open(platform);
        spec = fixture.spec(List.of("/bin/sh", "-c", "echo " + READY + " && exec sleep 86400"));
        fixture.prepare(spec);
    }

    @Benchmark
    public double idleInstances(Figures f) throws PlatformException, IOException, InterruptedException {
        long before = memAvailableKiB();
        CountDownLatch ready = new CountDownLatch(instances);
        for (int i = 0; i < instances; i++) {
            running.add(fixture.start(spec, line -> {
                if (line.equals(READY)) {
                    ready.countDown();
                }
            }));
        }
        if (!ready.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(platform + ": " + ready.getCount() + " of " + instances
                + " instances did not report ready within 10 minutes");
        }
        Thread.sleep(1000);
        long pss = 0;
        for (Instance i : running) {
            for (long pid : i.processes()) {
                long kib = QemuProcess.pssOfPid(pid, Path.of("/proc"));
                if (kib > 0) {
                    pss += kib;
                }
            }
        }
        long after = memAvailableKiB();
        f.memoryPerInstanceKiB = (double) pss / instances;
        f.hostMemoryPerInstanceKiB = (double) Math.max(0, before - after) / instances;
        return f.memoryPerInstanceKiB;
    }

    /** Stops and removes the instances of the invocation (not measured). */
    @TearDown(Level.Invocation)
    public void stopAll() throws PlatformException {
        PlatformException failure = null;
        for (Instance i : running) {
            try {
                i.close();
            } catch (PlatformException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        running.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** MemAvailable from /proc/meminfo, KiB. */
    static long memAvailableKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.substring("MemAvailable:".length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("/proc/meminfo has no MemAvailable line");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, PlatformException {
        try {
            stopAll();
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }
}
