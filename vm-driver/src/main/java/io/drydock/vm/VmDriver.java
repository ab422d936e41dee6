package io.drydock.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * drydock's VM lifecycle over a {@link Hypervisor}: create (initramfs from the image's rootfs, a
 * typed domain definition), start, wait for the guest init's ready and exit markers on the serial
 * console, stop, remove. A failed create or start leaves nothing defined and no files behind.
 * VM state lives in libvirt (the domain and its drydock metadata) and in {@code stateRoot/NAME}.
 */
public final class VmDriver implements AutoCloseable {
    /** Every drydock VM's domain name starts with this. */
    public static final String NAME_PREFIX = "drydock-";
    /** Where libvirt's qemu:///system writes each domain's QEMU log ({@code <name>.log}). */
    static final Path LIBVIRT_QEMU_LOGS = Path.of("/var/log/libvirt/qemu");
    /** Where {@link #system()} keeps VM files. */
    public static final Path DEFAULT_STATE_ROOT = Path.of("/var/lib/drydock/vm");
    /** The packaged kernel needs this much to boot (measured: 72 MiB panics while loading BTF, 96 MiB boots) besides the initramfs. */
    static final long BASE_MEMORY_MIB = 80;

    private final Hypervisor hypervisor;
    private final Path stateRoot;
    private final GuestKernel kernel;
    private final AcceleratorProbe.Result accelerator;
    private final Duration maxConsoleWait;
    /** How often a wait asks libvirt whether the domain still runs (one lookup and one getInfo). */
    static final Duration STATE_CHECK_INTERVAL = Duration.ofMillis(100);

    /**
     * @param hypervisor     where domains are defined
     * @param stateRoot      a directory the driver owns (one subdirectory per VM)
     * @param kernel         the guest kernel
     * @param accelerator    KVM or TCG, with the reason
     * @param maxConsoleWait the longest a wait goes without reading the console when no write is
     *                       reported (waits wake on the console's writes: {@link ConsoleWatch})
     */
    public VmDriver(Hypervisor hypervisor, Path stateRoot, GuestKernel kernel, AcceleratorProbe.Result accelerator,
            Duration maxConsoleWait) {
        this.hypervisor = hypervisor;
        this.stateRoot = stateRoot;
        this.kernel = kernel;
        this.accelerator = accelerator;
        this.maxConsoleWait = maxConsoleWait;
    }

    /** A driver against {@code connection} with the chosen kernel and probed accelerator. */
    public static VmDriver open(Hypervisor connection, Path stateRoot) throws VmException {
        GuestKernel k = GuestKernel.find();
        return new VmDriver(connection, stateRoot, k, AcceleratorProbe.probe(k, stateRoot), STATE_CHECK_INTERVAL);
    }

    /** The directory the driver owns (one subdirectory per VM). */
    public Path stateRoot() {
        return stateRoot;
    }

    /** The kernel guests boot. */
    public GuestKernel kernel() {
        return kernel;
    }

    /** The accelerator guests run under, and why. */
    public AcceleratorProbe.Result accelerator() {
        return accelerator;
    }

    /** The hypervisor connection. */
    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /**
     * A created (defined, not started) VM.
     *
     * @param name       domain name
     * @param dir        its host-side files
     * @param consoleLog its serial console
     * @param initrd     its initramfs
     * @param definition what was defined
     */
    public record Vm(String name, Path dir, Path consoleLog, Path initrd, DomainDefinition definition) {}

    /**
     * Builds the guest and defines the domain.
     *
     * @throws VmException for a command the image cannot run, too little memory, or a libvirt
     *                     failure; nothing is left defined or on disk then
     */
    public Vm create(VmSpec spec) throws VmException {
        if (!Files.isDirectory(spec.rootfs())) {
            throw new VmException("create", "rootfs " + spec.rootfs() + " is not a directory");
        }
        if (RootfsCommand.resolve(spec.rootfs(), spec.args().get(0), spec.env()).isEmpty()) {
            throw new VmException("create", "command " + spec.args().get(0) + " is not an executable file in " + spec.rootfs()
                + " (searched the image's PATH)");
        }
        if (hypervisor.state(spec.name()).isPresent()) {
            throw new VmException("create", "a domain named " + spec.name() + " already exists");
        }
        Path dir = stateRoot.resolve(spec.name());
        try {
            Files.createDirectories(stateRoot);
            Files.createDirectory(dir);
            // QEMU may run as another user: it must reach the initramfs and write the console.
            Files.setPosixFilePermissions(stateRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new VmException("create", "state dir " + dir + ": " + e.getMessage(), e);
        }
        try {
            MachineType machine = machineFor(spec);
            boolean disk = spec.root() == VmSpec.RootMode.DISK;
            boolean blockDevices = disk || !spec.volumes().isEmpty();
            List<String> wanted = new ArrayList<>();
            if (spec.network() != null || blockDevices) {
                wanted.add("virtio_pci");
            }
            if (spec.network() != null) {
                wanted.add("virtio_net");
            }
            if (blockDevices) {
                wanted.add("virtio_blk");
            }
            // Disks take vda, vdb, ... in order: the root disk first, then the volumes.
            List<DomainDefinition.Disk> volumeDisks = new ArrayList<>();
            List<GuestPlan.Mount> volumeMounts = new ArrayList<>();
            for (VmSpec.Volume v : spec.volumes()) {
                String target = "vd" + (char) ('a' + (disk ? 1 : 0) + volumeDisks.size());
                volumeDisks.add(new DomainDefinition.Disk(v.image(), target, DomainDefinition.Disk.Format.RAW));
                volumeMounts.add(new GuestPlan.Mount("/dev/" + target, v.guestDir()));
            }
            KernelModules modules = KernelModules.read(kernel.modulesDir());
            List<String> files = modules.loadOrder(wanted);
            List<String> guestPaths = files.stream().map(f -> InitramfsBuilder.MODULES_DIR + "/" + f).toList();
            GuestPlan plan = new GuestPlan(guestPaths, spec.args(), spec.env(), spec.cwd(), spec.uid(), spec.gid(), spec.name(),
                disk ? "/dev/vda" : null, volumeMounts);
            Path initrd = dir.resolve("initrd.cpio");
            Path overlay = null;
            if (disk) {
                // The initramfs carries only the init, its plan and modules; the image is on the disk.
                Path empty = Files.createDirectory(dir.resolve("initramfs-root"));
                InitramfsBuilder.write(empty, plan, kernel.modulesDir(), files, initrd);
                Files.delete(empty);
                Path base = DiskImage.base(spec.rootfs(), stateRoot.resolve("bases"));
                overlay = dir.resolve("overlay.qcow2");
                DiskImage.overlay(base, overlay);
            } else {
                InitramfsBuilder.write(spec.rootfs(), plan, kernel.modulesDir(), files, initrd);
            }
            // QEMU, as libvirt's user, reads it without relabelling (see relabel below), whatever the umask.
            Files.setPosixFilePermissions(initrd, PosixFilePermissions.fromString("rw-r--r--"));
            long needed = BASE_MEMORY_MIB + 2 * ((Files.size(initrd) + (1 << 20) - 1) >> 20);
            if (spec.memoryMiB() < needed) {
                throw new VmException("create", "memory " + spec.memoryMiB() + " MiB is below what this guest needs: "
                    + needed + " MiB (" + BASE_MEMORY_MIB + " MiB for the kernel plus twice the " + Files.size(initrd) / 1024
                    + " KiB initramfs, which is unpacked into RAM)");
            }
            Path console = dir.resolve("console.log");
            DomainDefinition.Builder b = DomainDefinition.builder()
                .name(spec.name())
                .accelerator(accelerator.verdict())
                .machine(machine)
                .memoryMiB(spec.memoryMiB())
                .vcpus(spec.vcpus())
                .kernel(kernel.image())
                .initrd(initrd)
                .cmdline(GuestCmdline.of(machine, spec.network(), spec.kernelArgs()))
                .consoleLog(console)
                // QEMU reads the kernel and the initramfs (world-readable, see above) and gets the
                // console as an fd from libvirt: only a disk needs libvirt to chown files for it.
                .relabel(blockDevices)
                .metadata("image", spec.image())
                .metadata("command", String.join(" ", spec.args()))
                .metadata("accelerator", accelerator.verdict().label())
                .metadata("machine", machine.qemuName())
                .metadata("kernel", kernel.release())
                .metadata("kernel-source", kernel.source())
                .metadata("created", Instant.now().toString());
            if (!spec.kernelArgs().isEmpty()) {
                b.metadata("kernel-args", String.join(" ", spec.kernelArgs()));
            }
            if (overlay != null) {
                b.disk(new DomainDefinition.Disk(overlay, "vda")).metadata("overlay", overlay.toString());
            }
            volumeDisks.forEach(b::disk);
            if (spec.network() != null) {
                VmSpec.Network n = spec.network();
                b.networkInterface(new DomainDefinition.Interface(n.bridge(), n.tap(), n.mac()))
                    .metadata("address", n.address())
                    .metadata("tap", n.tap());
            }
            DomainDefinition def = b.build();
            hypervisor.define(DomainXml.write(def));
            return new Vm(spec.name(), dir, console, initrd, def);
        } catch (VmException | IOException | RuntimeException e) {
            VmException failure = e instanceof VmException v ? v : new VmException("create", spec.name() + ": " + e.getMessage(), e);
            try {
                hypervisor.undefine(spec.name());
            } catch (VmException cleanup) {
                failure.addSuppressed(cleanup);
            }
            try {
                StateDir.deleteTree(dir);
            } catch (VmException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private static MachineType machineFor(VmSpec spec) {
        String forced = System.getenv("DRYDOCK_VM_MACHINE");
        if (forced != null && !forced.isEmpty()) {
            return MachineType.parse(forced);
        }
        // libvirt puts virtio NICs and disks on PCI, which microvm lacks.
        return spec.network() == null && spec.root() == VmSpec.RootMode.INITRAMFS && spec.volumes().isEmpty()
            ? MachineType.MICROVM : MachineType.PC;
    }

    /** Starts a created VM; if libvirt refuses, the VM is removed and the error says why. */
    public void start(String name) throws VmException {
        try {
            hypervisor.start(name);
        } catch (VmException e) {
            try {
                remove(name);
            } catch (VmException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Waits until the guest init reports ready. */
    public void awaitReady(String name, Duration timeout) throws VmException {
        await(name, timeout, c -> {}, true);
    }

    /**
     * Waits for the workload's exit code, passing its console output to {@code output} as it comes.
     *
     * @throws VmException when the guest init reports an error, the domain stops without an exit
     *                     code, or the timeout passes
     */
    public int awaitExit(String name, Duration timeout, Consumer<String> output) throws VmException {
        return await(name, timeout, output, false);
    }

    private int await(String name, Duration timeout, Consumer<String> output, boolean readyOnly) throws VmException {
        if (!Files.isDirectory(consoleOf(name).getParent())) {
            throw new VmException("run", "no VM named " + name + " (no " + consoleOf(name).getParent() + ")");
        }
        ConsoleLog console = new ConsoleLog(consoleOf(name));
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextStateCheck = System.nanoTime() + STATE_CHECK_INTERVAL.toNanos();
        try (ConsoleWatch watch = ConsoleWatch.open(consoleOf(name))) {
            while (true) {
                console.poll();
                String out = console.drainOutput();
                if (!out.isEmpty()) {
                    output.accept(out);
                }
                if (console.error() != null) {
                    throw new VmException("run", name + ": guest init: " + console.error());
                }
                if (readyOnly && console.ready()) {
                    return 0;
                }
                if (console.exitCode().isPresent()) {
                    return console.exitCode().getAsInt();
                }
                long now = System.nanoTime();
                if (now >= nextStateCheck) {
                    Optional<Hypervisor.DomainState> st = hypervisor.state(name);
                    if (st.isEmpty() || st.get() == Hypervisor.DomainState.SHUTOFF || st.get() == Hypervisor.DomainState.CRASHED) {
                        console.poll();
                        if (console.exitCode().isPresent() && !readyOnly) {
                            output.accept(console.drainOutput());
                            return console.exitCode().getAsInt();
                        }
                        throw new VmException("run", name + ": the domain stopped ("
                            + st.map(Enum::name).orElse("undefined") + ") before the guest reported "
                            + (readyOnly ? "ready" : "an exit code") + "; console: " + tail(consoleOf(name)));
                    }
                    nextStateCheck = now + STATE_CHECK_INTERVAL.toNanos();
                }
                if (now > deadline) {
                    throw new VmException("run", name + ": no " + (readyOnly ? "ready" : "exit") + " report within " + timeout
                        + "; console: " + tail(consoleOf(name)));
                }
                // Woken by the console's next write; the bound keeps the state checks (and a
                // file system without change notification) going.
                long wait = Math.min(Math.min(nextStateCheck, deadline) - now, maxConsoleWait.toNanos());
                watch.await(Duration.ofNanos(Math.max(wait, 0)));
            }
        } catch (IOException e) {
            throw new VmException("run", name + ": read console " + consoleOf(name) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("run", name + ": interrupted", e);
        }
    }

    private static String tail(Path log) {
        try {
            String t = ConsoleLog.text(log).strip();
            return t.isEmpty() ? "(empty)" : t.length() > 600 ? "..." + t.substring(t.length() - 600) : t;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The serial console's file. */
    public Path consoleOf(String name) {
        return stateRoot.resolve(name).resolve("console.log");
    }

    /** The console as a user reads it. */
    public String logs(String name) throws VmException {
        if (hypervisor.state(name).isEmpty() && !Files.exists(stateRoot.resolve(name))) {
            throw new VmException("logs", "no VM named " + name);
        }
        try {
            return ConsoleLog.text(consoleOf(name));
        } catch (IOException e) {
            throw new VmException("logs", name + ": " + e.getMessage(), e);
        }
    }

    /** Stops a VM at once; it stays defined (see {@link #remove}). */
    public void stop(String name) throws VmException {
        if (hypervisor.state(name).isEmpty()) {
            throw new VmException("stop", "no VM named " + name);
        }
        hypervisor.destroy(name);
    }

    /** Stops the VM if running, undefines it and deletes its files: nothing is left. */
    public void remove(String name) throws VmException {
        VmException failure = null;
        try {
            hypervisor.destroy(name);
            hypervisor.undefine(name);
        } catch (VmException e) {
            failure = e;
        }
        try {
            // libvirt keeps each domain's QEMU log after undefine; the VM is gone, so is its log.
            if (name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                Files.deleteIfExists(LIBVIRT_QEMU_LOGS.resolve(name + ".log"));
            }
        } catch (java.nio.file.AccessDeniedException e) {
            // a caller without the right to libvirt's logs (not root): the log stays, as libvirt left it
        } catch (IOException e) {
            VmException logFailure = new VmException("remove", "libvirt's log of " + name + ": " + e.getMessage(), e);
            if (failure == null) {
                failure = logFailure;
            } else {
                failure.addSuppressed(logFailure);
            }
        }
        try {
            StateDir.deleteTree(stateRoot.resolve(name));
        } catch (VmException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A drydock VM as listed by {@link #list()}.
     *
     * @param name     domain name
     * @param state    its state
     * @param metadata drydock's metadata (image, command, accelerator, machine, kernel, address...)
     */
    public record VmInfo(String name, Hypervisor.DomainState state, Map<String, String> metadata) {}

    /** Every domain drydock defined (its metadata present), sorted by name. */
    public List<VmInfo> list() throws VmException {
        List<VmInfo> out = new ArrayList<>();
        for (String n : hypervisor.domains().stream().sorted().toList()) {
            Optional<String> xml = hypervisor.xml(n);
            Optional<Hypervisor.DomainState> st = hypervisor.state(n);
            if (xml.isEmpty() || st.isEmpty()) {
                continue;
            }
            Map<String, String> md = DomainXml.readMetadata(xml.get());
            if (!md.isEmpty()) {
                out.add(new VmInfo(n, st.get(), md));
            }
        }
        return out;
    }

    /** The VM's counters, with the QEMU process's PSS from /proc when its pid file is readable. */
    public VmStats stats(String name) throws VmException {
        Optional<String> xml = hypervisor.xml(name);
        if (xml.isEmpty()) {
            throw new VmException("stats", "no VM named " + name);
        }
        Map<String, String> md = DomainXml.readMetadata(xml.get());
        List<String> nics = md.containsKey("tap") ? List.of(md.get("tap")) : List.of();
        List<String> disks = md.containsKey("overlay") ? List.of("vda") : List.of();
        VmStats s = hypervisor.stats(name, disks, nics);
        return s.withQemuPss(QemuProcess.pssKiB(Path.of("/run/libvirt/qemu", name + ".pid"), Path.of("/proc")));
    }

    @Override
    public void close() throws VmException {
        hypervisor.close();
    }
}
