package io.drydock.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bare {@code qemu-system-x86_64} command line for the same guest drydock defines in libvirt
 * (same kernel, initramfs, command line, machine type, CPU model, size and serial console): the
 * baseline drydock's boot overhead is measured against.
 */
public final class BareQemu {
    /** The QEMU binary. */
    public static final String BINARY = "qemu-system-x86_64";

    private BareQemu() {}

    /** The argv. */
    public static List<String> command(Accelerator accel, MachineType machine, Path kernel, Path initrd, String cmdline,
            long memoryMiB, int vcpus, Path consoleLog) {
        List<String> c = new ArrayList<>(List.of(BINARY,
            "-machine", machine.qemuName(),
            "-accel", accel.qemuAccel(),
            "-cpu", accel == Accelerator.KVM ? "host" : "max",
            "-m", Long.toString(memoryMiB),
            "-smp", Integer.toString(vcpus),
            "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
            "-serial", "file:" + consoleLog,
            "-kernel", kernel.toString()));
        if (initrd != null) {
            c.addAll(List.of("-initrd", initrd.toString()));
        }
        c.addAll(List.of("-append", cmdline));
        return c;
    }
}
