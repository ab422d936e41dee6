package io.drydock.bench;

import io.drydock.platform.HostProcessPlatform;
import io.drydock.platform.Instance;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.Platform;
import io.drydock.platform.PlatformException;
import io.drydock.platform.Platforms;
import io.drydock.platform.container.NativeContainerPlatform;
import io.drydock.platform.oci.OciRuntimePlatform;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.image.BaseImages;
import io.drydock.runtime.image.DebianBenchImageBuilder;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.Snapshot;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import io.drydock.vm.VmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One platform of the workload matrix, ready to run commands of the {@code debian-bench} image
 * (sysbench, fio, iperf3, redis): the same image, command, CPU count and memory on every platform.
 * <ul>
 *   <li>{@code host}: the host's own Debian packages of the same tools, as plain processes, each
 *       in a session of its own ({@link HostProcessPlatform#hostOwnSession()}).</li>
 *   <li>{@code drydock}, {@code runc}, {@code crun}: one OCI bundle whose rootfs is an overlay of
 *       the image's layer (the instance's writes go to its upper directory, as in any engine),
 *       limited to {@link #cpus()} CPUs and {@link #MEMORY_BYTES} of memory.</li>
 *   <li>{@code vm}: drydock's libvirt VM with {@link #cpus()} vCPUs and {@link #MEMORY_BYTES} of
 *       guest memory, its root the image as an ext4 base under a per-VM qcow2 overlay over virtio
 *       (the image is too large to unpack into guest RAM).</li>
 * </ul>
 * The image store and the VM base images live in {@link #CACHE}, built once per host (debootstrap
 * on first use, minutes) and shared by every fork and run; what one fork makes (overlay mount,
 * bundles, instances, volume files) is removed by {@link #close}.
 */
final class WorkloadFixture implements AutoCloseable {
    /** Where the benchmarks keep their image store and VM base images across runs. */
    static final Path CACHE = Path.of("/var/cache/drydock/bench");
    /** Memory for every instance: the container's limit and the VM's guest memory. */
    static final long MEMORY_BYTES = 1L << 30;
    /** The platforms of the workload matrix. */
    static final List<String> PLATFORMS = List.of("host", "drydock", "runc", "crun", "vm");
    /** What every workload gets in its environment. */
    static final List<String> ENV = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LC_ALL=C", "HOME=/root");

    private final String name;
    private final Path work;
    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();
    private Platform platform;
    private Path rootfs;
    private ImageStore store;
    private TrialCleanup atExit;
    private final List<Instance> running = java.util.Collections.synchronizedList(new ArrayList<>());

    private WorkloadFixture(String name, Path work) {
        this.name = name;
        this.work = work;
    }

    /**
     * Opens {@code platformName} with the image ready.
     *
     * @throws IllegalArgumentException for a platform the matrix does not have
     */
    static WorkloadFixture open(String platformName) throws IOException, PlatformException {
        if (!PLATFORMS.contains(platformName)) {
            throw new IllegalArgumentException("platform '" + platformName + "': expected one of " + PLATFORMS);
        }
        Path work = Files.createTempDirectory("drydock-bench-workload-");
        // QEMU under libvirt runs as another user and opens volume files in here.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        WorkloadFixture f = new WorkloadFixture(platformName, work);
        // JMH skips the trial's tear-down when set-up or the benchmark throws, then ends the fork:
        // what outlives the JVM (a VM, a mount, containers) goes at exit then.
        f.atExit = TrialCleanup.atExit(platformName, f::release);
        try {
            f.prepare();
            return f;
        } catch (IOException | PlatformException | RuntimeException e) {
            try {
                f.close();
            } catch (IOException | PlatformException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void prepare() throws IOException, PlatformException {
        if (name.equals("host")) {
            platform = HostProcessPlatform.hostOwnSession();
            rootfs = Path.of("/");
            return;
        }
        Path layer = imageLayer();
        if (name.equals(VmPlatform.NAME)) {
            // DISK mode: the base image is keyed by the layer's path, so every fork shares one base.
            VmPlatform vm = VmPlatform.onHost(Files.createDirectories(CACHE.resolve("vm")), VmSpec.RootMode.DISK);
            platform = vm;
            cleanup.push(vm);
            rootfs = layer;
            System.out.println("workload: vm accelerator " + vm.driver().accelerator().verdict().label() + " ("
                + vm.driver().accelerator().reason() + ")");
            return;
        }
        rootfs = mountSnapshot();
        Platform p = Platforms.create(name, work.resolve("platform"));
        platform = p;
        cleanup.push(p);
    }

    /** The unpacked layer of debian-bench (one layer) in the benchmarks' store, built on first use. */
    private Path imageLayer() throws IOException {
        store = store();
        Image img = BaseImages.forHost().resolve(store, DebianBenchImageBuilder.DEFAULT_NAME.toString(),
            line -> System.out.println("debian-bench: " + line));
        List<Path> layers = store.unpack(img);
        if (layers.size() != 1) {
            throw new IOException("debian-bench has " + layers.size() + " layers; the workload matrix expects one");
        }
        return layers.getFirst();
    }

    private ImageStore store() throws IOException {
        return new ImageStore(sharedImageRoot(), work.resolve("mnt"), LayerUnpacker.forHost(),
            new SyscallOverlayMounter(new LinuxSyscalls()));
    }

    /** The benchmarks' image store, shared by every fork and run on this host (made if missing). */
    static Path sharedImageRoot() throws IOException {
        Path root = Files.createDirectories(CACHE.resolve("images"));
        // The layer directories are read by QEMU's user when a VM base is built from them: traversable.
        for (Path p = root; p != null && p.startsWith(CACHE.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return root;
    }

    /** An overlay of the image for this fork's containers: one rootfs they all share, as an engine's instances share layers. */
    private Path mountSnapshot() throws IOException {
        Image img = store.find(DebianBenchImageBuilder.DEFAULT_NAME).orElseThrow();
        String key = "bench-" + ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        store.prepareRootfs(img, key);
        cleanup.push(() -> store.snapshots().remove(key));
        Snapshot s = store.snapshots().mount(key);
        cleanup.push(() -> store.snapshots().unmount(key));
        return s.rootfs();
    }

    /** The platform's name in results. */
    String name() {
        return name;
    }

    /** The platform. */
    Platform platform() {
        return platform;
    }

    /** CPUs every instance gets: all of the host's (threads "all", vCPUs, the containers' quota). */
    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** A scratch directory of this fork on the host's disk (removed at close). */
    Path work() {
        return work;
    }

    /** The instance spec for {@code args}: the image's rootfs, the common environment and limits. */
    InstanceSpec spec(List<String> args) {
        InstanceSpec.Limits limits = name.equals("host") ? InstanceSpec.Limits.NONE
            : new InstanceSpec.Limits(MEMORY_BYTES, (double) cpus(), null);
        return new InstanceSpec(rootfs, args, ENV, limits);
    }

    /**
     * Where a workload finds {@code volume} and {@code ownDisk}: inside an instance the volume's
     * target and a directory of its own root filesystem; on the host, which has neither, two
     * directories of this fork on the host's disk.
     */
    String directory(Target target) throws IOException {
        if (name.equals("host")) {
            return Files.createDirectories(work.resolve("host-" + target.name().toLowerCase(java.util.Locale.ROOT))).toString();
        }
        return target == Target.VOLUME ? VOLUME_TARGET : ROOTFS_DIRECTORY;
    }

    /** Where a workload writes: its instance's own root filesystem, or a volume. */
    enum Target { ROOTFS, VOLUME }

    /** Where a volume appears inside an instance. */
    static final String VOLUME_TARGET = "/data";
    /** A directory on an instance's own root filesystem (its overlay upper dir, its qcow2 overlay). */
    static final String ROOTFS_DIRECTORY = "/var/tmp/drydock-io";

    /** {@link #spec} with a volume of {@code sizeBytes} at {@link #VOLUME_TARGET} (a VM's is a disk of that size). */
    InstanceSpec specWithVolume(List<String> args, long sizeBytes) throws IOException {
        Path hostDir = Files.createDirectories(work.resolve("volume"));
        return spec(args).withVolume(new InstanceSpec.Volume(hostDir, VOLUME_TARGET, sizeBytes));
    }

    /** Writes the bundle of {@code spec} now, so that the measured run does not pay for it. */
    void prepare(InstanceSpec spec) throws PlatformException {
        if (platform instanceof NativeContainerPlatform n) {
            n.prepare(spec);
        } else if (platform instanceof OciRuntimePlatform o) {
            o.prepare(spec);
        }
    }

    /**
     * What a workload printed and how it ended.
     *
     * @param exitCode the workload's exit code
     * @param lines    every line of its output (stdout and stderr)
     */
    record Output(int exitCode, List<String> lines) {
        /** The last lines, for an error message. */
        String tail() {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
    }

    /**
     * Runs {@code spec} to its end with every output line passed to {@code sink} as it arrives, and
     * fails, naming the platform and showing the output's end, when it does not exit with 0.
     */
    Output run(InstanceSpec spec, Consumer<String> sink) throws PlatformException {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        int code;
        try (Instance i = start(spec, line -> {
            lines.add(line);
            sink.accept(line);
        })) {
            code = i.awaitExit();
        }
        Output out = new Output(code, List.copyOf(lines));
        if (code != 0) {
            throw new PlatformException(name, String.join(" ", spec.args()) + " exited with " + code + "; its output ends:\n"
                + out.tail());
        }
        return out;
    }

    /**
     * Starts an instance that this fixture removes at the latest when it is closed (or the fork
     * exits), if its caller has not closed it first.
     */
    Instance start(InstanceSpec spec, Consumer<String> output) throws PlatformException {
        Instance i = platform.start(spec, output);
        running.add(i);
        return new Instance() {
            @Override
            public String id() {
                return i.id();
            }

            @Override
            public int awaitExit() throws PlatformException {
                return i.awaitExit();
            }

            @Override
            public List<Long> processes() throws PlatformException {
                return i.processes();
            }

            @Override
            public void close() throws PlatformException {
                running.remove(i);
                i.close();
            }
        };
    }

    @Override
    public void close() throws IOException, PlatformException {
        if (atExit != null) {
            atExit.disarm();
        }
        release();
    }

    /** Removes what the fixture made; a second call finds nothing left to do. */
    private synchronized void release() throws IOException, PlatformException {
        Exception failure = null;
        for (Instance i : List.copyOf(running)) {
            try {
                i.close();
            } catch (PlatformException | RuntimeException e) {
                failure = e;
            }
        }
        running.clear();
        while (!cleanup.isEmpty()) {
            try {
                cleanup.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        try (Stream<Path> walk = Files.exists(work) ? Files.walk(work) : Stream.empty()) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure instanceof IOException e) {
            throw e;
        } else if (failure instanceof PlatformException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure != null) {
            throw new IOException(name + ": cleanup failed: " + failure.getMessage(), failure);
        }
    }
}
