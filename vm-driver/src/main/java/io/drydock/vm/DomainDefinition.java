package io.drydock.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A libvirt domain as drydock defines it: a direct-kernel boot with no firmware disk, one serial
 * console logged to a file, optional disks and bridge interfaces, and drydock's own metadata.
 * Built with {@link #builder()} and turned into XML by {@link DomainXml}; never pasted as strings.
 *
 * @param name        the domain name
 * @param accelerator KVM or TCG
 * @param machine     the machine type
 * @param memoryMiB   guest memory
 * @param vcpus       virtual CPUs
 * @param kernel      the kernel image
 * @param initrd      the initramfs, or null
 * @param cmdline     the kernel command line
 * @param consoleLog  where the serial console is written
 * @param disks       virtio disks, in order (vda, vdb...)
 * @param interfaces  bridge interfaces
 * @param balloon     whether to add a virtio balloon (memory statistics from inside the guest)
 * @param cpuReadback how libvirt reads the started guest's CPU back from QEMU
 * @param relabel     whether libvirt's security drivers label the domain's files for QEMU (chown
 *                    to QEMU's user under DAC); without ({@code <seclabel type="none"/>}) QEMU still
 *                    runs as libvirt's unprivileged user and must be able to read the kernel and
 *                    initramfs as they are; a domain with disks needs relabelling (QEMU writes them)
 * @param metadata    drydock's key/value metadata, stored in the domain
 */
public record DomainDefinition(String name, Accelerator accelerator, MachineType machine, long memoryMiB, int vcpus,
        Path kernel, Path initrd, String cmdline, Path consoleLog, List<Disk> disks, List<Interface> interfaces,
        boolean balloon, CpuReadback cpuReadback, boolean relabel, Map<String, String> metadata) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*");

    public DomainDefinition {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: 1-64 of [A-Za-z0-9_.-], got " + name);
        }
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(machine, "machine");
        if (memoryMiB < 16) {
            throw new IllegalArgumentException("memoryMiB: at least 16, got " + memoryMiB);
        }
        if (vcpus < 1 || vcpus > 255) {
            throw new IllegalArgumentException("vcpus: 1 to 255, got " + vcpus);
        }
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(consoleLog, "consoleLog");
        Objects.requireNonNull(cpuReadback, "cpuReadback");
        disks = List.copyOf(disks);
        interfaces = List.copyOf(interfaces);
        metadata = Map.copyOf(metadata);
        for (String k : metadata.keySet()) {
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("metadata: key must match [a-z][a-z0-9-]*, got " + k);
            }
        }
        if (machine == MachineType.MICROVM && (!disks.isEmpty() || !interfaces.isEmpty() || balloon)) {
            // libvirt 9 places virtio devices on PCI only; microvm has no PCI bus.
            throw new IllegalArgumentException("machine: microvm under libvirt takes no disks, interfaces or balloon (no PCI bus); use pc or q35");
        }
        if (!relabel && !disks.isEmpty()) {
            throw new IllegalArgumentException("relabel: a domain with disks needs libvirt's relabelling: QEMU runs as"
                + " another user and must write " + disks.get(0).file());
        }
    }

    /**
     * How libvirt reads the guest CPU back from QEMU once it has started QEMU paused, before the
     * guest runs a single instruction (libvirt 9 on x86: {@code qemuProcessFetchGuestCPU}). The
     * guest, its CPU model and QEMU's command line are the same either way.
     */
    public enum CpuReadback {
        /**
         * Two QMP {@code qom-get}s of the vCPU's {@code feature-words} and {@code filtered-features}:
         * the domain drops libvirt's {@code cpu-unavailable-features} QEMU capability with the QEMU
         * namespace's {@code <qemu:capabilities>}, which libvirt answers by marking the domain
         * tainted ({@code custom-hypervisor-feature}). Measured with libvirt 9.0 and QEMU 7.2 under
         * TCG on 2 shared cores: {@code VmDriver.start} took a median 247 ms (16 boots) instead of
         * 1.0-1.9 s, of which the per-property readback alone was 724 ms in libvirtd's log.
         */
        FEATURE_WORDS,
        /**
         * libvirt's default with QEMU 4.1 and later: a {@code qom-list} of the vCPU and one
         * {@code qom-get} per property, about 400 monitor round trips while the guest waits.
         */
        PER_PROPERTY
    }

    /** A qcow2 disk on virtio-blk. */
    public record Disk(Path file, String target, Format format) {
        /** The image file's format; a raw disk is also opened without the host's page cache (cache="none"). */
        public enum Format {
            QCOW2("qcow2"), RAW("raw");

            private final String qemuName;

            Format(String qemuName) {
                this.qemuName = qemuName;
            }

            /** The format's name in libvirt's {@code <driver type=...>}. */
            public String qemuName() {
                return qemuName;
            }
        }

        public Disk {
            Objects.requireNonNull(file, "disk.file");
            if (target == null || !target.matches("vd[a-z]")) {
                throw new IllegalArgumentException("disk.target: vda..vdz, got " + target);
            }
            Objects.requireNonNull(format, "disk.format");
        }

        /** A qcow2 disk (the root overlay). */
        public Disk(Path qcow2, String target) {
            this(qcow2, target, Format.QCOW2);
        }
    }

    /** A virtio NIC whose tap libvirt creates on {@code bridge} and removes with the domain. */
    public record Interface(String bridge, String tap, String mac) {
        public Interface {
            Objects.requireNonNull(bridge, "interface.bridge");
            if (tap == null || tap.isEmpty() || tap.length() > 15) {
                throw new IllegalArgumentException("interface.tap: 1-15 characters (IFNAMSIZ), got " + tap);
            }
            if (mac == null || !MAC.matcher(mac).matches()) {
                throw new IllegalArgumentException("interface.mac: lower-case xx:xx:xx:xx:xx:xx, got " + mac);
            }
        }
    }

    /**
     * A builder with drydock's defaults: TCG, pc, 256 MiB, one vCPU, no disks, no network, no
     * balloon, the CPU read back by feature words, files relabelled.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link DomainDefinition}; validation happens in {@link #build()}. */
    public static final class Builder {
        private String name;
        private Accelerator accelerator = Accelerator.TCG;
        private MachineType machine = MachineType.PC;
        private long memoryMiB = 256;
        private int vcpus = 1;
        private Path kernel;
        private Path initrd;
        private String cmdline = "";
        private Path consoleLog;
        private final List<Disk> disks = new ArrayList<>();
        private final List<Interface> interfaces = new ArrayList<>();
        private boolean balloon;
        private CpuReadback cpuReadback = CpuReadback.FEATURE_WORDS;
        private boolean relabel = true;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {}

        public Builder name(String v) { name = v; return this; }
        public Builder accelerator(Accelerator v) { accelerator = v; return this; }
        public Builder machine(MachineType v) { machine = v; return this; }
        public Builder memoryMiB(long v) { memoryMiB = v; return this; }
        public Builder vcpus(int v) { vcpus = v; return this; }
        public Builder kernel(Path v) { kernel = v; return this; }
        public Builder initrd(Path v) { initrd = v; return this; }
        public Builder cmdline(String v) { cmdline = v; return this; }
        public Builder consoleLog(Path v) { consoleLog = v; return this; }
        public Builder disk(Disk v) { disks.add(v); return this; }
        public Builder networkInterface(Interface v) { interfaces.add(v); return this; }
        public Builder balloon(boolean v) { balloon = v; return this; }
        public Builder cpuReadback(CpuReadback v) { cpuReadback = v; return this; }
        public Builder relabel(boolean v) { relabel = v; return this; }
        public Builder metadata(String key, String value) { metadata.put(key, value); return this; }

        public DomainDefinition build() {
            return new DomainDefinition(name, accelerator, machine, memoryMiB, vcpus, kernel, initrd, cmdline, consoleLog,
                disks, interfaces, balloon, cpuReadback, relabel, metadata);
        }
    }
}
