package io.drydock.bench;

import io.drydock.platform.Instance;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.vm.VmSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Disk footprint of 1, 10 and 100 running containers of one image (busybox, {@code --network none}),
 * each of which writes {@value #WRITTEN_BYTES} bytes into its root filesystem and then idles. All
 * figures are allocated bytes ({@code st_blocks × 512}, as {@code du} counts: a directory or a
 * 13-byte file costs a whole 4 KiB block on ext4), counted by {@link AllocatedBytes}; they add up
 * exactly: everything under the image root = {@code diskSharedBytes} + containers ×
 * {@code diskPrivateBytes} (up to the rounding of the division by the number of containers).
 * Secondary metrics, with what they were on this project's ext4 machine (4 KiB blocks, the same at
 * 1, 10 and 100 containers but for the directories' growth):
 * <ul>
 *   <li>{@code diskWritesBytes}, per container: what it wrote itself, the content of its overlay
 *       upper directory and its log. The image has the mount points of the {@code hosts},
 *       {@code hostname} and {@code resolv.conf} the engine binds in, so nothing is copied up for
 *       them: the upper directory holds the container's own file and nothing else. The log is
 *       counted as writes because it is the container's own output and grows only with it (here
 *       it is empty). Measured: 16 KiB, exactly the file (was 20 KiB when busybox lacked the
 *       three files and the runtime copied {@code /etc} up to make them).
 *   <li>{@code diskMetadataBytes}, per container: everything else the engine keeps on disk for
 *       it: its snapshot's record {@code snapshots/<id>.json}, the upper directory's own block,
 *       overlayfs's {@code work} directory and the {@code work/work} the kernel makes in it (both
 *       required while mounted), its record {@code containers/<id>.json}, and its share of the
 *       growth of the {@code containers/} and {@code snapshots/} directories' own blocks. Measured:
 *       20 KiB, five blocks (20.6-20.7 KiB at 100 containers), of which overlayfs needs three
 *       (upper, work, work/work) for any container on a 4 KiB-block file system (was 24 KiB with
 *       a directory per snapshot).
 *   <li>{@code diskPrivateBytes} = writes + metadata, per container. Measured: 36 KiB (44 KiB with
 *       the copied-up {@code /etc} and a directory per snapshot, 76 KiB when the bundle, etc files
 *       and mount point lived on disk, in a directory per container).
 *   <li>{@code diskSharedBytes}: paid once however many containers run: the image's blobs, its
 *       unpacked layer and short link, and the store's own directories. Measured: 4.03 MiB.
 *   <li>{@code runStateBytes}, per container: what grows on the engine's state root, which lives
 *       on a tmpfs (mounted by this benchmark, as {@code /run} is on a usual host): memory, not
 *       disk, shown so that it is not hidden. Per container: the bundle's {@code config.json}
 *       and its {@code hosts}, {@code hostname} and {@code resolv.conf}, the runtime's
 *       {@code state.json} and copy of {@code config.json}, one page each, and the overlay's mount
 *       point (a tmpfs directory costs no page). Measured: 24 KiB (six pages); gone once the
 *       container exits.
 * </ul>
 * <p>{@code vm}: one busybox VM (the same image) whose root is the image as an ext4 base under
 * its own qcow2 overlay: the VM side of copy-on-write. It writes the same {@value #WRITTEN_BYTES}
 * bytes, syncs, and idles. {@code diskPrivateBytes} is everything its directory holds (the
 * overlay, its small initramfs of init, plan and modules, its console log);
 * {@code diskWritesBytes} the guest data the overlay holds (its own clusters, {@code qemu-img map},
 * in the overlay's cluster size); {@code diskMetadataBytes} the rest of that; {@code diskSharedBytes}
 * the base image, paid once per image; {@code runStateBytes} libvirt's files for the running domain
 * under {@code /run/libvirt/qemu} (tmpfs).
 *
 * The primary score is the time to measure, not a figure of interest.
 */
// --quick: one fork. The figures are byte counts that repeat exactly from fork to fork, and the
// forks start 1, 10 and 100 containers.
@QuickForks(1)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
@Warmup(iterations = 0)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class DiskFootprintBenchmark {
    /** What each container writes into its own root filesystem. */
    static final int WRITTEN_BYTES = 16 * 1024;

    @Param({"drydock"})
    public String platform;

    @Param({"1", "10", "100"})
    public int containers;

    private EngineFixture fixture;
    private final List<EngineContainer> running = new ArrayList<>();
    /** The own blocks of the catalog's and the snapshots' directories, and the state root, before any container. */
    private long directoriesBefore;
    private long runStateBefore;
    private VmFootprint vm;

    /** The footprint, reported per iteration (one invocation each). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        public long diskPrivateBytes;
        public long diskSharedBytes;
        public long diskWritesBytes;
        public long diskMetadataBytes;
        public long runStateBytes;

        @Setup(Level.Iteration)
        public void reset() {
            diskPrivateBytes = 0;
            diskSharedBytes = 0;
            diskWritesBytes = 0;
            diskMetadataBytes = 0;
            runStateBytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (platform.equals(VmPlatform.NAME)) {
            vm = new VmFootprint(containers);
            return;
        }
        if (!platform.equals("drydock")) {
            throw new IllegalArgumentException("platform '" + platform + "': expected drydock or vm");
        }
        fixture = new EngineFixture(Files.createTempDirectory("drydock-bench-disk-"), true);
        fixture.engine.image("busybox"); // built before the baseline: it is shared, not any container's
        directoriesBefore = containerDirectories();
        runStateBefore = AllocatedBytes.tree(fixture.engine.config().stateRoot());
        for (int i = 0; i < containers; i++) {
            // Each writes its own file, then idles: a running container with a known change.
            running.add(fixture.engine.runDetached(RunOptions.of("busybox", List.of("sh", "-c",
                    "head -c " + WRITTEN_BYTES + " /dev/urandom > /own && exec sleep 3600"))
                    .networked(NetworkMode.NONE, List.of())));
        }
        // The writes are done once every /own has its full size.
        for (EngineContainer c : running) {
            Path own = fixture.engine.images().snapshots().get(c.id()).upper().resolve("own");
            for (int attempt = 0; attempt < 500 && (!Files.exists(own) || Files.size(own) < WRITTEN_BYTES); attempt++) {
                Thread.sleep(10);
            }
        }
    }

    @Benchmark
    public long measure(Footprint f) throws Exception {
        if (vm != null) {
            return vm.measure(f);
        }
        long writes = 0;
        long metadata = Math.max(0, containerDirectories() - directoriesBefore);
        for (EngineContainer c : running) {
            ContainerBytes b = ContainerBytes.of(fixture.engine.storage(c.id()));
            writes += b.writes();
            metadata += b.metadata();
        }
        long total = AllocatedBytes.tree(fixture.engine.config().imageRoot());
        f.diskSharedBytes = total - writes - metadata;
        f.diskWritesBytes = writes / containers;
        f.diskMetadataBytes = metadata / containers;
        f.diskPrivateBytes = (writes + metadata) / containers;
        f.runStateBytes = (AllocatedBytes.tree(fixture.engine.config().stateRoot()) - runStateBefore) / containers;
        return total;
    }

    private long containerDirectories() throws IOException {
        Path images = fixture.engine.config().imageRoot();
        return AllocatedBytes.entry(images.resolve("containers")) + AllocatedBytes.entry(images.resolve("snapshots"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        running.clear();
        try {
            if (vm != null) {
                vm.close();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    /** The VM arm: one busybox guest with a disk root that made the same write. */
    static final class VmFootprint implements AutoCloseable {
        private static final String WRITTEN = "@@drydock-written";
        private final Path work;
        private final VmPlatform platform;
        private final Path stateRoot;
        private final Instance instance;
        private final TrialCleanup atExit;
        private boolean released;

        VmFootprint(int instances) throws Exception {
            if (instances != 1) {
                throw new IllegalArgumentException("containers: the vm arm boots one VM, got " + instances);
            }
            work = Files.createTempDirectory("drydock-bench-disk-vm-");
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            stateRoot = work.resolve("vm");
            Path rootfs = BusyboxRootfs.build(work.resolve("rootfs"));
            VmPlatform p = null;
            Instance started = null;
            try {
                p = VmPlatform.onHost(stateRoot, VmSpec.RootMode.DISK);
                CountDownLatch written = new CountDownLatch(1);
                started = p.start(InstanceSpec.of(rootfs, "sh", "-c", "head -c " + WRITTEN_BYTES
                    + " /dev/urandom > /own && sync && echo " + WRITTEN + " && exec sleep 3600"), line -> {
                        if (line.strip().equals(WRITTEN)) {
                            written.countDown();
                        }
                    });
                if (!written.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("vm: the guest did not report its write within 5 minutes");
                }
            } catch (Exception e) {
                try {
                    if (started != null) {
                        started.close();
                    }
                    if (p != null) {
                        p.close();
                    }
                    deleteTree(work);
                } catch (Exception cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            platform = p;
            instance = started;
            // JMH skips the trial's tear-down when the benchmark throws: the VM goes at exit then.
            atExit = TrialCleanup.atExit("disk-vm", this::release);
        }

        long measure(Footprint f) throws IOException, InterruptedException {
            Path dir = stateRoot.resolve(instance.id());
            Path overlay = dir.resolve("overlay.qcow2");
            long vmDir = AllocatedBytes.tree(dir);
            long writes = ownClusters(overlay);
            f.diskPrivateBytes = vmDir;
            f.diskWritesBytes = writes;
            f.diskMetadataBytes = vmDir - writes;
            f.diskSharedBytes = AllocatedBytes.tree(stateRoot.resolve("bases"));
            long run = 0;
            try (Stream<Path> files = Files.list(Path.of("/run/libvirt/qemu"))) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith(instance.id())).toList()) {
                    run += AllocatedBytes.tree(p);
                }
            }
            f.runStateBytes = run;
            return vmDir;
        }

        /** Bytes of guest data held in the overlay itself (depth 0), by {@code qemu-img map}. */
        static long ownClusters(Path overlay) throws IOException, InterruptedException {
            // -U: the image is open in the running QEMU; map only reads it.
            Process p = new ProcessBuilder("qemu-img", "map", "-U", "--output=json", overlay.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("qemu-img map " + overlay + " failed: " + out.strip());
            }
            return ownBytes(out);
        }

        /** The sum of the lengths of the extents at depth 0 that hold data, in {@code qemu-img map}'s JSON. */
        static long ownBytes(String mapJson) throws IOException {
            long sum = 0;
            for (com.fasterxml.jackson.databind.JsonNode e : new com.fasterxml.jackson.databind.ObjectMapper().readTree(mapJson)) {
                if (e.path("depth").asInt(-1) == 0 && e.path("data").asBoolean(false)) {
                    sum += e.path("length").asLong();
                }
            }
            return sum;
        }

        @Override
        public void close() throws Exception {
            atExit.disarm();
            release();
        }

        private synchronized void release() throws Exception {
            if (released) {
                return;
            }
            released = true;
            try {
                instance.close();
            } finally {
                try {
                    platform.close();
                } finally {
                    deleteTree(work);
                }
            }
        }

        private static void deleteTree(Path root) throws IOException {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
