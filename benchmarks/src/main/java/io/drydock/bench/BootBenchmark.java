package io.drydock.bench;

import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.vm.BareQemu;
import io.drydock.vm.ConsoleLog;
import io.drydock.vm.ConsoleWatch;
import io.drydock.vm.DomainDefinition;
import io.drydock.vm.QemuProcess;
import io.drydock.vm.VmDriver;
import io.drydock.vm.VmException;
import io.drydock.vm.VmSpec;
import io.drydock.vm.libvirt.LibvirtHypervisor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * VM boot-to-ready: from "start" to the guest init's ready marker on the serial console, through
 * drydock and libvirt ({@code vm}) against bare {@code qemu-system-x86_64} ({@code qemu}) booting
 * the very same kernel, initramfs, command line, machine type, CPU model and size. Their ratio is
 * drydock's (and libvirt's) overhead. The guest is built and the domain defined before each
 * invocation (not measured); the VM is removed after it (not measured). Both paths notice the
 * ready marker the same way: a {@link ConsoleWatch} wakes the reader on the console's writes.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Forks are the samples of the vm/qemu ratio's confidence interval (and each fork measures
// idleFootprint once): up to 5 per platform (the default profile's time budget may stop at 3),
// each 1 warm-up and 4 measured boots, about a minute a fork for both platforms under TCG on
// 2 cores. JMH runs every vm fork before the first qemu fork, so on a
// host whose load drifts (other jobs) the ratio drifts with it: measure on a quiet host.
@Warmup(iterations = 1)
@Measurement(iterations = 4)
@Fork(5)
@State(Scope.Benchmark)
public class BootBenchmark {
    /** How often the bare path checks that QEMU still runs, as VmDriver asks libvirt about the domain. */
    private static final Duration LIVENESS_CHECK = Duration.ofMillis(100);

    @Param({"vm", "qemu"})
    public String platform;

    private Path work;
    private VmDriver driver;
    private Path rootfs;
    private VmDriver.Vm vm;
    private Process qemu;

    @Setup(Level.Trial)
    public void setUp() throws IOException, VmException {
        work = Files.createTempDirectory("drydock-bench-boot-");
        // QEMU may run as another user under libvirt: it must reach the guest files.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        rootfs = BusyboxRootfs.build(work.resolve("rootfs"));
        driver = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), work.resolve("state"));
        System.out.println("boot: accelerator " + driver.accelerator().verdict().label() + " (" + driver.accelerator().reason()
            + "), kernel " + driver.kernel().release() + " (" + driver.kernel().source() + ")");
    }

    @Setup(Level.Invocation)
    public void define() throws VmException {
        String name = VmDriver.NAME_PREFIX + "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        // A workload that stays: the guest must still run when idleFootprint reads its PSS.
        vm = driver.create(VmSpec.of(name, rootfs, "sleep", "3600").withLimits(256, 1));
    }

    /** Boot to ready; the machine type and accelerator are printed at set-up and stored in the domain. */
    @Benchmark
    public long bootToReady() throws VmException, IOException, InterruptedException {
        return boot();
    }

    /**
     * The QEMU process's PSS on the host once the guest has been idle for a second, reported as
     * auxiliary counters beside the guest's memory size (the time of this method means nothing).
     * One measured invocation per fork: JMH sums event counters over iterations (and its printed
     * summary over forks too: the per-fork rawData, which the results module reads, is the figure).
     */
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public long idleFootprint(Footprint f) throws VmException, IOException, InterruptedException {
        boot();
        Thread.sleep(1000);
        long pid = platform.equals("vm")
            ? Long.parseLong(Files.readString(Path.of("/run/libvirt/qemu", vm.name() + ".pid")).trim())
            : qemu.pid();
        f.qemuPssKiB = QemuProcess.pssOfPid(pid, Path.of("/proc"));
        f.guestMemoryKiB = vm.definition().memoryMiB() * 1024;
        return f.qemuPssKiB;
    }

    private long boot() throws VmException, IOException, InterruptedException {
        if (platform.equals("vm")) {
            driver.start(vm.name());
            driver.awaitReady(vm.name(), Duration.ofMinutes(2));
            return 1;
        }
        DomainDefinition d = vm.definition();
        Path log = vm.dir().resolve("bare-console.log");
        List<String> cmd = BareQemu.command(d.accelerator(), d.machine(), d.kernel(), d.initrd(), d.cmdline(), d.memoryMiB(),
            d.vcpus(), log);
        // Readiness is detected as VmDriver.awaitReady does it: the console's writes wake the reader.
        try (ConsoleWatch watch = ConsoleWatch.open(log)) {
            qemu = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(vm.dir().resolve("bare-qemu.out").toFile()).start();
            ConsoleLog console = new ConsoleLog(log);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (true) {
                console.poll();
                if (console.ready()) {
                    return 2;
                }
                if (!qemu.isAlive()) {
                    throw new IllegalStateException("bare qemu exited with " + qemu.exitValue() + " before ready: "
                        + Files.readString(vm.dir().resolve("bare-qemu.out")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("bare qemu: no ready report within 2 minutes");
                }
                watch.await(LIVENESS_CHECK);
            }
        }
    }

    /** Auxiliary results of {@link #idleFootprint}. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        /** PSS of the QEMU process, KiB, once the guest is ready and idle. */
        public long qemuPssKiB;
        /** The guest's configured memory, KiB. */
        public long guestMemoryKiB;
    }

    @TearDown(Level.Invocation)
    public void remove() throws VmException, InterruptedException {
        if (qemu != null) {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
            qemu = null;
        }
        driver.remove(vm.name());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, VmException {
        try {
            driver.close();
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
