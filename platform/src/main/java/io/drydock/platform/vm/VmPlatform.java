package io.drydock.platform.vm;

import io.drydock.platform.Instance;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.Platform;
import io.drydock.platform.PlatformException;
import io.drydock.runtime.container.CreatorMarks;
import io.drydock.runtime.container.KillPoint;
import io.drydock.runtime.network.BridgeNetwork;
import io.drydock.runtime.network.NetworkAttachment;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.network.NetworkException;
import io.drydock.runtime.network.PortMapping;
import io.drydock.vm.DiskImage;
import io.drydock.vm.VmDriver;
import io.drydock.vm.VmException;
import io.drydock.vm.VmSpec;
import io.drydock.vm.libvirt.LibvirtHypervisor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Workloads as libvirt VMs: the same rootfs, command and limits a container gets, booted with
 * drydock's guest init. Port mappings use the runtime's bridge network, so {@code -p} means the
 * same for a VM as for a container (the VM's tap joins the bridge, its address gets the DNAT).
 */
public final class VmPlatform implements Platform {
    /** The platform's name in results. */
    public static final String NAME = "vm";
    /** Where drydock keeps its network state (shared with containers). */
    public static final Path NETWORK_STATE_ROOT = Path.of("/var/lib/drydock");
    /** Guest memory when the spec sets none. */
    public static final long DEFAULT_MEMORY_MIB = 256;

    private final VmDriver driver;
    private final BridgeNetwork network;
    private final Duration timeout;
    private final VmSpec.RootMode rootMode;

    /**
     * @param driver  the VM driver
     * @param network the bridge network for port mappings, or null for VMs without network
     * @param timeout how long a workload may run before {@link VmInstance#awaitExit()} gives up
     */
    public VmPlatform(VmDriver driver, BridgeNetwork network, Duration timeout) {
        this(driver, network, timeout, VmSpec.RootMode.INITRAMFS);
    }

    /**
     * @param rootMode how {@link #start(InstanceSpec, Consumer)} gives the guest its rootfs: in RAM,
     *                 or (for large images, and for workloads that measure the instance's own disk)
     *                 as an ext4 base under a per-VM qcow2 overlay
     */
    public VmPlatform(VmDriver driver, BridgeNetwork network, Duration timeout, VmSpec.RootMode rootMode) {
        this.driver = driver;
        this.network = network;
        this.timeout = timeout;
        this.rootMode = rootMode;
        this.starting = new CreatorMarks(driver.stateRoot().resolve("starting"), VmPlatform::isVmName);
    }

    /** Which VMs this process is starting: a VM whose starter was killed is pruned (see {@link #prune}). */
    private final CreatorMarks starting;

    private static boolean isVmName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    }

    /**
     * The platform on this host: libvirt's {@code qemu:///system}, VM files under {@code stateRoot},
     * drydock's default bridge network.
     *
     * @throws PlatformException when libvirt is unreachable or no guest kernel is installed
     */
    public static VmPlatform onHost(Path stateRoot) throws PlatformException {
        return onHost(stateRoot, VmSpec.RootMode.INITRAMFS);
    }

    /** {@link #onHost(Path)} with the guests' rootfs given as {@code rootMode} says. */
    public static VmPlatform onHost(Path stateRoot, VmSpec.RootMode rootMode) throws PlatformException {
        return onHost(stateRoot, rootMode, NetworkConfig.defaults(NETWORK_STATE_ROOT));
    }

    /** {@link #onHost(Path, VmSpec.RootMode)} on the bridge network {@code network}. */
    public static VmPlatform onHost(Path stateRoot, VmSpec.RootMode rootMode, NetworkConfig network) throws PlatformException {
        try {
            VmDriver d = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), stateRoot);
            return new VmPlatform(d, BridgeNetwork.onHost(network), Duration.ofMinutes(30), rootMode);
        } catch (VmException e) {
            throw new PlatformException(NAME, e.getMessage(), e);
        }
    }

    /** The driver, for what the platform seam does not cover (logs, list, stats). */
    public VmDriver driver() {
        return driver;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public VmInstance start(InstanceSpec spec, Consumer<String> output) throws PlatformException {
        String name = newName();
        VmSpec vm = toVmSpec(name, spec.rootfs().toString(), spec).withRoot(rootMode);
        if (!spec.volumes().isEmpty()) {
            // A guest cannot see a host directory: each volume is a disk image in it, made afresh.
            List<VmSpec.Volume> disks = new ArrayList<>();
            try {
                for (InstanceSpec.Volume v : spec.volumes()) {
                    Path image = v.hostDir().resolve(name + "-" + disks.size() + ".img");
                    DiskImage.volume(image, v.sizeBytes());
                    disks.add(new VmSpec.Volume(image, v.target()));
                }
            } catch (VmException e) {
                PlatformException failure = new PlatformException(NAME, e.getMessage(), e);
                deleteVolumes(disks, failure);
                throw failure;
            }
            vm = vm.withVolumes(disks);
        }
        VmInstance i;
        try {
            i = start(vm, List.of());
        } catch (PlatformException e) {
            deleteVolumes(vm.volumes(), e);
            throw e;
        }
        if (output != null) {
            i.follow(output);
        }
        return i;
    }

    private static void deleteVolumes(List<VmSpec.Volume> volumes, Exception failure) {
        for (VmSpec.Volume v : volumes) {
            try {
                Files.deleteIfExists(v.image());
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** A fresh drydock VM name: {@code drydock-} and eight hex digits. */
    public static String newName() {
        return VmDriver.NAME_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** The VM spec for a platform-neutral spec: memory rounded up to MiB, CPUs up to whole vCPUs. */
    public static VmSpec toVmSpec(String name, String image, InstanceSpec spec) {
        InstanceSpec.Limits l = spec.limits();
        long mib = l.memoryBytes() == null ? DEFAULT_MEMORY_MIB : (l.memoryBytes() + (1 << 20) - 1) >> 20;
        int vcpus = l.cpus() == null ? 1 : (int) Math.ceil(l.cpus());
        return new VmSpec(name, image, spec.rootfs(), spec.args(), spec.env(), "/", 0, 0, mib, vcpus, null, VmSpec.RootMode.INITRAMFS);
    }

    /**
     * Creates and boots a VM; with port mappings it joins the bridge and the ports are mapped to its
     * address. On any failure nothing is left: no domain, no files, no tap, no address, no DNAT.
     */
    public VmInstance start(VmSpec spec, List<PortMapping> ports) throws PlatformException {
        String name = spec.name();
        NetworkAttachment attachment = null;
        try {
            starting.mark(name);
        } catch (IOException | IllegalArgumentException e) {
            throw new PlatformException(NAME, "VM " + name + ": " + e.getMessage(), e);
        }
        try {
            VmSpec vm = spec;
            if (!ports.isEmpty()) {
                if (network == null) {
                    throw new PlatformException(NAME, "port mappings need the bridge network, which this platform was made without");
                }
                attachment = network.attachInstance(name, ports);
                NetworkConfig c = network.config();
                String hex = name.substring(name.length() - 8);
                String mac = "52:54:00:" + hex.substring(2, 4) + ":" + hex.substring(4, 6) + ":" + hex.substring(6, 8);
                vm = spec.withNetwork(new VmSpec.Network(c.bridge(), attachment.address().getHostAddress(),
                    attachment.prefixLength(), c.gateway().getHostAddress(), "drydock" + hex, mac));
            }
            driver.create(vm);
            driver.start(name);
            KillPoint.reach(KillPoint.VM_DEFINED);
            starting.clear(name);
            return new VmInstance(name, attachment, vm.volumes());
        } catch (VmException | NetworkException | IOException | RuntimeException e) {
            PlatformException failure = new PlatformException(NAME, e.getMessage(), e);
            try {
                remove(name);
            } catch (PlatformException cleanup) {
                failure.addSuppressed(cleanup);
            }
            try {
                starting.clear(name);
            } catch (IOException | RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /**
     * Removes every VM whose start was killed (its starter is gone): domain, files, tap, address
     * and port mappings. VMs that started, and VMs another process is starting, are kept.
     *
     * @return the names of the VMs removed
     */
    public List<String> prune() throws PlatformException {
        List<String> removed = new ArrayList<>();
        try {
            for (String name : starting.ids()) {
                if (starting.creatorAlive(name).orElse(true)) {
                    continue;
                }
                remove(name);
                starting.clear(name);
                removed.add(name);
            }
        } catch (IOException e) {
            throw new PlatformException(NAME, "pruning VMs under " + driver.stateRoot() + ": " + e.getMessage(), e);
        }
        return removed;
    }

    /** Removes a VM completely: domain, files, and its network attachment (address, port mappings). */
    public void remove(String name) throws PlatformException {
        PlatformException failure = null;
        try {
            driver.remove(name);
        } catch (VmException e) {
            failure = new PlatformException(NAME, e.getMessage(), e);
        }
        if (network != null) {
            try {
                if (network.attachment(name).isPresent()) {
                    network.detach(name);
                }
            } catch (NetworkException e) {
                if (failure == null) {
                    failure = new PlatformException(NAME, "detach " + name + ": " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A VM's network attachment, if it has one. */
    public Optional<NetworkAttachment> attachment(String name) throws PlatformException {
        if (network == null) {
            return Optional.empty();
        }
        try {
            return network.attachment(name);
        } catch (NetworkException e) {
            throw new PlatformException(NAME, e.getMessage(), e);
        }
    }

    @Override
    public void close() throws PlatformException {
        try {
            driver.close();
        } catch (VmException e) {
            throw new PlatformException(NAME, e.getMessage(), e);
        }
    }

    /** A booted VM; closing it removes everything it made. */
    public final class VmInstance implements Instance {
        private final String name;
        private final NetworkAttachment attachment;
        private final List<VmSpec.Volume> volumes;
        private CompletableFuture<Integer> exit;

        private VmInstance(String name, NetworkAttachment attachment, List<VmSpec.Volume> volumes) {
            this.name = name;
            this.attachment = attachment;
            this.volumes = volumes;
        }

        @Override
        public String id() {
            return name;
        }

        /** The VM's address and port mappings, or empty without network. */
        public Optional<NetworkAttachment> attachment() {
            return Optional.ofNullable(attachment);
        }

        /** Waits until the guest init reports it is about to run the workload. */
        public void awaitReady() throws PlatformException {
            try {
                driver.awaitReady(name, timeout);
            } catch (VmException e) {
                throw new PlatformException(NAME, e.getMessage(), e);
            }
        }

        /**
         * Reads the console from now on, on a thread of its own, passing the workload's lines to
         * {@code output} as they come: {@link #awaitExit()} then returns what that reading saw.
         */
        private void follow(Consumer<String> output) {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            exit = f;
            ConsoleLines lines = new ConsoleLines(output);
            Thread.ofPlatform().daemon().name("console-" + name).start(() -> {
                try {
                    int code = driver.awaitExit(name, timeout, lines);
                    lines.flush();
                    f.complete(code);
                } catch (VmException | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        }

        @Override
        public int awaitExit() throws PlatformException {
            if (exit == null) {
                return awaitExit(s -> {});
            }
            try {
                return exit.get();
            } catch (ExecutionException e) {
                throw new PlatformException(NAME, e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException(NAME, "interrupted waiting for " + name, e);
            }
        }

        /** Waits for the exit code, passing the workload's console output along as it comes. */
        public int awaitExit(Consumer<String> output) throws PlatformException {
            try {
                return driver.awaitExit(name, timeout, output);
            } catch (VmException e) {
                throw new PlatformException(NAME, e.getMessage(), e);
            }
        }

        /** The VM's QEMU process (libvirt's pid file); its guest memory is part of it. */
        @Override
        public List<Long> processes() throws PlatformException {
            Path pidFile = Path.of("/run/libvirt/qemu", name + ".pid");
            try {
                return List.of(Long.parseLong(Files.readString(pidFile).trim()));
            } catch (IOException | NumberFormatException e) {
                throw new PlatformException(NAME, "cannot read QEMU's pid of " + name + " from " + pidFile + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws PlatformException {
            try {
                remove(name);
            } catch (PlatformException e) {
                deleteVolumes(volumes, e);
                throw e;
            }
            PlatformException failure = new PlatformException(NAME, "cannot delete the volumes of " + name);
            deleteVolumes(volumes, failure);
            if (failure.getSuppressed().length > 0) {
                throw failure;
            }
        }
    }

    /**
     * The console's text, which comes in chunks, as lines: a line is passed on when its newline
     * has come, without the serial console's carriage return.
     */
    static final class ConsoleLines implements Consumer<String> {
        private final Consumer<String> sink;
        private final StringBuilder partial = new StringBuilder();

        ConsoleLines(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public void accept(String chunk) {
            for (int i = 0; i < chunk.length(); i++) {
                char c = chunk.charAt(i);
                if (c == '\n') {
                    emit();
                } else if (c != '\r') {
                    partial.append(c);
                }
            }
        }

        /** Passes on a last line that had no newline. */
        void flush() {
            if (!partial.isEmpty()) {
                emit();
            }
        }

        private void emit() {
            String line = partial.toString();
            partial.setLength(0);
            sink.accept(line);
        }
    }
}
