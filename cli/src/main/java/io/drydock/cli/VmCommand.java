package io.drydock.cli;

import io.drydock.platform.InstanceSpec;
import io.drydock.platform.PlatformException;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.image.BaseImages;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.runtime.network.NetworkAttachment;
import io.drydock.runtime.network.Ipv4Subnet;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.network.PortMapping;
import io.drydock.vm.Hypervisor;
import io.drydock.vm.VmDriver;
import io.drydock.vm.VmSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drydock vm}: run an image as a libvirt VM, as {@code run} does as a container. VMs are
 * libvirt domains named {@code drydock-XXXXXXXX}; their files live under /var/lib/drydock/vm.
 */
@Command(name = "vm", mixinStandardHelpOptions = true,
    description = "Boot an image as a libvirt/QEMU VM with drydock's guest init, and manage those VMs.",
    subcommands = {VmCommand.Run.class, VmCommand.Ps.class, VmCommand.Logs.class, VmCommand.Stop.class, VmCommand.Rm.class,
        CommandLine.HelpCommand.class})
public final class VmCommand implements Runnable {
    /** Where built images (the busybox rootfs) are kept for VMs. */
    static final Path IMAGE_CACHE = Path.of("/var/lib/drydock/vm-images");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * The VM platform: VM files under $DRYDOCK_VM_ROOT (default /var/lib/drydock/vm); with
     * DRYDOCK_NETWORK set, the bridge network that DRYDOCK_NETWORK, DRYDOCK_BRIDGE and DRYDOCK_SUBNET
     * name with its state under $DRYDOCK_STATE_ROOT (as the container commands read them: for tests
     * that must not share the default bridge), else drydock's default network.
     */
    static VmPlatform platform() throws PlatformException {
        String root = System.getenv("DRYDOCK_VM_ROOT");
        Path stateRoot = root == null || root.isBlank() ? VmDriver.DEFAULT_STATE_ROOT : Path.of(root).toAbsolutePath();
        String net = System.getenv("DRYDOCK_NETWORK");
        if (net == null || net.isBlank()) {
            return VmPlatform.onHost(stateRoot);
        }
        String state = System.getenv("DRYDOCK_STATE_ROOT");
        NetworkConfig config = NetworkConfig.of(net,
            System.getenv().getOrDefault("DRYDOCK_BRIDGE", NetworkConfig.DEFAULT_BRIDGE),
            System.getenv("DRYDOCK_SUBNET") == null ? NetworkConfig.DEFAULT_SUBNET : Ipv4Subnet.parse(System.getenv("DRYDOCK_SUBNET")),
            state == null || state.isBlank() ? VmPlatform.NETWORK_STATE_ROOT : Path.of(state).toAbsolutePath());
        return VmPlatform.onHost(stateRoot, VmSpec.RootMode.INITRAMFS, config);
    }

    /** A new VM's name: $DRYDOCK_VM_PREFIX (default "drydock-", letters, digits and '-') and eight hex digits. */
    static String newName() {
        String prefix = System.getenv("DRYDOCK_VM_PREFIX");
        if (prefix == null || prefix.isBlank()) {
            return VmPlatform.newName();
        }
        if (!prefix.matches("[a-z][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("DRYDOCK_VM_PREFIX '" + prefix + "': lower-case letters, digits and '-', at most 41");
        }
        return prefix + VmPlatform.newName().substring(VmDriver.NAME_PREFIX.length());
    }

    /** An image name or rootfs directory: its rootfs and default command (empty when it has none). */
    record Image(String name, Path rootfs, List<String> command) {}

    static Image resolveImage(String image) throws IOException {
        if (image.equals("busybox")) {
            Path dir = IMAGE_CACHE.resolve("busybox");
            if (!Files.isExecutable(dir.resolve("bin/busybox"))) {
                BusyboxRootfs.build(dir);
            }
            return new Image(image, dir, List.of("sh"));
        }
        Path p = Path.of(image);
        if (Files.isDirectory(p)) {
            return new Image(image, p.toAbsolutePath(), List.of());
        }
        if (image.startsWith("/") || image.startsWith(".")) {
            throw new IOException("image " + image + ": neither \"busybox\" nor a rootfs directory");
        }
        return storeImage(image);
    }

    /**
     * An image of the engine's store ($DRYDOCK_ROOT or /var/lib/drydock), the base images (debian-bench)
     * built on first use. The guest builders only read the rootfs, so a one-layer image's shared,
     * unpacked layer directory serves as it is; images of several layers would need flattening first.
     */
    private static Image storeImage(String name) throws IOException {
        ImageStore store = new EngineOptions().openStore();
        io.drydock.runtime.image.Image img = BaseImages.forHost().resolve(store, name,
            line -> System.err.println("drydock: " + line));
        List<Path> layers = store.unpack(img);
        if (layers.size() != 1) {
            throw new IOException("image " + name + ": has " + layers.size()
                + " layers; vm run boots one-layer images (busybox, debian-bench) or a rootfs directory");
        }
        List<String> command = new ArrayList<>(img.config().entrypoint());
        command.addAll(img.config().cmd());
        return new Image(name, layers.getFirst(), command);
    }

    /** {@code drydock vm run}. */
    @Command(name = "run", mixinStandardHelpOptions = true, description = "Boot IMAGE as a VM and run its command (or CMD).")
    static final class Run implements Callable<Integer> {
        @Option(names = {"-d", "--detach"}, description = "Print the VM's name and return; the VM keeps running.")
        boolean detach;

        @Option(names = "--rm", description = "Remove the VM when the workload ends.")
        boolean rm;

        @Option(names = {"-m", "--memory"}, defaultValue = "256m", converter = CommonOptions.ByteSizeConverter.class,
            description = "Guest memory (e.g. 256m, 1g). Default: ${DEFAULT-VALUE}.")
        long memory;

        @Option(names = "--cpus", defaultValue = "1", description = "Virtual CPUs. Default: ${DEFAULT-VALUE}.")
        int cpus;

        @Option(names = {"-p", "--publish"}, description = "Map a host port to the VM: [hostIP:]hostPort:port[/tcp|udp].")
        List<String> publish = new ArrayList<>();

        @Option(names = {"-e", "--env"}, description = "Set KEY=value in the workload's environment.")
        List<String> env = new ArrayList<>();

        @Option(names = {"-w", "--workdir"}, defaultValue = "/", description = "Working directory in the guest.")
        String workdir;

        @Option(names = "--disk", description = "Boot from an ext4 base image in qcow2 with a per-VM overlay instead of an initramfs.")
        boolean disk;

        @Option(names = "--debug", description = "Print stack traces on errors.")
        boolean debug;

        @Parameters(index = "0", paramLabel = "IMAGE", description = "\"busybox\", an image of the store (e.g. debian-bench, built on first use) or a rootfs directory.")
        String image;

        @Parameters(index = "1..*", paramLabel = "CMD", description = "The command to run instead of the image's.")
        List<String> command = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            long bytes = memory;
            Image img = resolveImage(image);
            List<String> argv = command.isEmpty() ? img.command() : command;
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("image " + image + " has no command: give one after the image");
            }
            List<String> environment = new ArrayList<>(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
            environment.addAll(env);
            List<PortMapping> ports = PortMapping.parseAll(publish);
            InstanceSpec is = new InstanceSpec(img.rootfs(), argv, environment, new InstanceSpec.Limits(bytes, (double) cpus, null));
            try (VmPlatform platform = platform()) {
                VmSpec base = VmPlatform.toVmSpec(newName(), img.name(), is);
                VmSpec vm = new VmSpec(base.name(), base.image(), base.rootfs(), base.args(), base.env(), workdir, 0, 0,
                    base.memoryMiB(), cpus, null, disk ? VmSpec.RootMode.DISK : VmSpec.RootMode.INITRAMFS);
                VmPlatform.VmInstance instance = platform.start(vm, ports);
                if (detach) {
                    System.out.println(instance.id());
                    return 0;
                }
                PrintStream out = System.out;
                try {
                    int code = instance.awaitExit(s -> {
                        out.print(s);
                        out.flush();
                    });
                    return code;
                } finally {
                    if (rm) {
                        instance.close();
                    }
                }
            }
        }
    }

    /** {@code drydock vm ps}. */
    @Command(name = "ps", mixinStandardHelpOptions = true, description = "List drydock's VMs.")
    static final class Ps implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            try (VmPlatform platform = platform()) {
                String fmt = "%-18s %-8s %-10s %-5s %-8s %-16s %s%n";
                System.out.printf(fmt, "NAME", "STATE", "IMAGE", "ACCEL", "MACHINE", "ADDRESS", "COMMAND");
                for (VmDriver.VmInfo i : platform.driver().list()) {
                    Map<String, String> m = i.metadata();
                    String ports = platform.attachment(i.name()).map(VmCommand::ports).orElse("");
                    System.out.printf(fmt, i.name(), state(i.state()), m.getOrDefault("image", "?"), m.getOrDefault("accelerator", "?"),
                        m.getOrDefault("machine", "?"), m.getOrDefault("address", "-") + ports, m.getOrDefault("command", ""));
                }
            }
            return 0;
        }
    }

    static String ports(NetworkAttachment a) {
        return a.portMappings().isEmpty() ? "" : " " + a.portMappings();
    }

    static String state(Hypervisor.DomainState s) {
        return switch (s) {
            case RUNNING -> "running";
            case SHUTOFF -> "exited";
            default -> s.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** {@code drydock vm logs}. */
    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a VM's serial console.")
    static final class Logs implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try (VmPlatform platform = platform()) {
                System.out.print(platform.driver().logs(name));
            }
            return 0;
        }
    }

    /** {@code drydock vm stop}. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop VMs at once (they stay until vm rm).")
    static final class Stop implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", arity = "1..*")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            try (VmPlatform platform = platform()) {
                for (String n : names) {
                    platform.driver().stop(n);
                    System.out.println(n);
                }
            }
            return 0;
        }
    }

    /** {@code drydock vm rm}. */
    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove VMs: domain, files, tap, address and port mappings.")
    static final class Rm implements Callable<Integer> {
        @Option(names = {"-f", "--force"}, description = "Stop a running VM first.")
        boolean force;

        @Parameters(paramLabel = "NAME", arity = "1..*")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            try (VmPlatform platform = platform()) {
                for (String n : names) {
                    var st = platform.driver().hypervisor().state(n);
                    if (st.isEmpty() && platform.attachment(n).isEmpty()) {
                        throw new IllegalArgumentException("no VM named " + n);
                    }
                    if (!force && st.isPresent() && st.get() == Hypervisor.DomainState.RUNNING) {
                        throw new IllegalStateException(n + " is running: stop it first or use -f");
                    }
                    platform.remove(n);
                    System.out.println(n);
                }
            }
            return 0;
        }
    }
}
