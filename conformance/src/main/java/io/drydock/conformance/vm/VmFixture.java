package io.drydock.conformance.vm;

import io.drydock.conformance.EngineFixture;
import io.drydock.conformance.Harness;
import io.drydock.conformance.HostLacks;
import io.drydock.platform.PlatformException;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.network.BridgeNetwork;
import io.drydock.runtime.network.NetworkAttachment;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.network.PortMapping;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.vm.VmDriver;
import io.drydock.vm.VmException;
import io.drydock.vm.VmSpec;
import io.drydock.vm.libvirt.LibvirtHypervisor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * drydock's VM platform for the VM areas: its own VM state directory, a busybox rootfs, and its
 * own bridge network (name, bridge, free subnet), so it touches nothing else on the host; VMs
 * are named {@code drydock-certify-XXXXXXXX}; {@link #close()} removes every VM it booted, the
 * bridge and the directories.
 */
public final class VmFixture implements AutoCloseable {
    /** How every VM this suite boots is named, before eight hex digits. */
    public static final String VM_PREFIX = VmDriver.NAME_PREFIX + "certify-";
    /** How the suite's bridges and network namespaces are named, before six hex digits. */
    public static final String LINK_PREFIX = "dcvm";
    /** Where the guest init lives in every drydock guest (its pid 1). */
    public static final String GUEST_INIT = "/.drydock/init";
    /** What the guest's web server serves. */
    public static final String PAGE = "certify-vm-page";

    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final VmPlatform platform;
    private final BridgeNetwork network;
    private final Path rootfs;
    private final String ipForwardBefore;
    private final Set<String> booted = new LinkedHashSet<>();

    private VmFixture(Path dir, VmPlatform platform, BridgeNetwork network, Path rootfs, String ipForwardBefore) {
        this.dir = dir;
        this.platform = platform;
        this.network = network;
        this.rootfs = rootfs;
        this.ipForwardBefore = ipForwardBefore;
    }

    /**
     * Opens the platform on libvirt's {@code qemu:///system} in a new temporary directory.
     *
     * @throws HostLacks when libvirt is unreachable or no guest kernel is installed
     */
    public static VmFixture open() throws Exception {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        Path dir = Files.createTempDirectory("drydock-certify-vm-");
        try {
            // QEMU may run as libvirt's user: it must reach the VMs' files below here.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            VmDriver driver;
            try {
                driver = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), dir.resolve("vm"));
            } catch (VmException e) {
                HostLacks.require(false, "libvirt's " + LibvirtHypervisor.SYSTEM_URI + " and a guest kernel (scripts/libvirt start): "
                    + e.getMessage());
                throw e;
            }
            BridgeNetwork network = BridgeNetwork.onHost(NetworkConfig.of("drydock-certify-vm-" + suffix, LINK_PREFIX + suffix,
                EngineFixture.freeSubnet(), dir.resolve("net")));
            Path rootfs = BusyboxRootfs.build(dir.resolve("rootfs"));
            Files.createDirectories(rootfs.resolve("www"));
            Files.writeString(rootfs.resolve("www/index.html"), PAGE + "\n");
            String forward = Files.readString(IP_FORWARD).strip();
            return new VmFixture(dir, new VmPlatform(driver, network, TIMEOUT), network, rootfs, forward);
        } catch (Exception e) {
            Harness.removeTree(dir);
            throw e;
        }
    }

    public VmPlatform platform() {
        return platform;
    }

    public BridgeNetwork network() {
        return network;
    }

    /** The busybox rootfs every VM of this fixture boots (with /www/index.html). */
    public Path rootfs() {
        return rootfs;
    }

    /** Where the driver keeps each VM's directory and the disk bases. */
    public Path vmStateRoot() {
        return dir.resolve("vm");
    }

    /** A fresh VM name of this suite. */
    public static String newName() {
        return VM_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** A fresh name for a bridge or network namespace of this suite. */
    public static String newLinkName() {
        return LINK_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    }

    /** The spec of a busybox VM that runs {@code script} with sh, its root given as {@code root} says. */
    public VmSpec spec(String name, VmSpec.RootMode root, String script) {
        return VmSpec.of(name, rootfs, "sh", "-c", script).withRoot(root);
    }

    /** Creates and boots {@code spec} with {@code ports} mapped; the fixture removes it at close unless removed before. */
    public VmPlatform.VmInstance boot(VmSpec spec, List<PortMapping> ports) throws PlatformException {
        booted.add(spec.name());
        try {
            return platform.start(spec, ports);
        } catch (PlatformException | RuntimeException e) {
            // The platform removed what it had made.
            booted.remove(spec.name());
            throw e;
        }
    }

    /** Waits for the workload to end; everything it printed on the console, lines without carriage returns. */
    public static Guest awaitExit(VmPlatform.VmInstance vm) throws PlatformException {
        StringBuilder out = new StringBuilder();
        int code = vm.awaitExit(out::append);
        return new Guest(code, out.toString().replace("\r", ""));
    }

    /** What a guest's workload printed and how it ended. */
    public record Guest(int exit, String output) {
        /** The values of the lines {@code CERTIFY key value...}, in order. */
        public List<String> values(String key) {
            String prefix = "CERTIFY " + key + " ";
            return output.lines().filter(l -> l.startsWith(prefix) || l.equals(prefix.strip()))
                .map(l -> l.length() > prefix.length() ? l.substring(prefix.length()).strip() : "").toList();
        }

        /** The single value of {@code key}, or what was printed instead. */
        public String value(String key) {
            List<String> v = values(key);
            if (v.size() != 1) {
                throw new AssertionError("the guest printed " + v.size() + " lines 'CERTIFY " + key + "'; its output: " + output);
            }
            return v.get(0);
        }
    }

    /** Removes a VM this fixture booted: domain, files, tap, address, port mappings. */
    public void remove(String name) throws PlatformException {
        platform.remove(name);
        booted.remove(name);
    }

    /** The VM's tap device (libvirt names it as drydock's platform asked), or empty without network. */
    public Optional<String> tap(String name) throws VmException {
        return platform.driver().list().stream().filter(i -> i.name().equals(name)).findFirst()
            .map(i -> i.metadata().get("tap"));
    }

    /**
     * Everything of VM {@code name} still on the host, one line each: its domain, QEMU process,
     * directory, tap, address lease and iptables rules naming its address or {@code hostPorts}.
     */
    public List<String> leftovers(String name, String tap, String address, List<Integer> hostPorts) throws Exception {
        List<String> left = new ArrayList<>();
        String domains = EngineFixture.sh("virsh -c " + LibvirtHypervisor.SYSTEM_URI + " list --all --name");
        if (domains.lines().anyMatch(l -> l.strip().equals(name))) {
            left.add("libvirt domain: " + name);
        }
        if (Files.exists(vmStateRoot().resolve(name))) {
            left.add("VM directory: " + vmStateRoot().resolve(name));
        }
        if (tap != null && Files.exists(Path.of("/sys/class/net", tap))) {
            left.add("tap: " + tap);
        }
        Optional<NetworkAttachment> a = network.attachment(name);
        if (a.isPresent()) {
            left.add("address lease: " + a.get().address().getHostAddress() + " on " + network.config().name());
        }
        for (String rule : EngineFixture.iptables().lines().toList()) {
            boolean forAddress = address != null && (rule.contains(address + "/") || rule.contains(address + ":"));
            boolean forPort = hostPorts.stream().anyMatch(p -> rule.contains("--dport " + p + " ") || rule.endsWith("--dport " + p));
            if (forAddress || forPort) {
                left.add("iptables rule: " + rule);
            }
        }
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains("guest=" + name + ",") || cmdline.contains("guest=" + name + " ")) {
                        left.add("QEMU process: " + p.getFileName());
                    }
                } catch (IOException gone) {
                    // The process ended while we looked.
                }
            }
        }
        return left;
    }

    /** Removes every VM still booted, the bridge and the directories; throws what could not be removed. */
    @Override
    public void close() throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (String name : List.copyOf(booted)) {
            try {
                remove(name);
            } catch (PlatformException e) {
                failures.add(e);
            }
        }
        try {
            platform.close();
        } catch (PlatformException e) {
            failures.add(e);
        }
        String bridge = network.config().bridge();
        if (Files.exists(Path.of("/sys/class/net", bridge))) {
            EngineFixture.sh("ip link del " + bridge);
            if (Files.exists(Path.of("/sys/class/net", bridge))) {
                failures.add(new IOException("cannot delete the bridge " + bridge));
            }
        }
        Files.writeString(IP_FORWARD, ipForwardBefore);
        Harness.removeTree(dir);
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
