package io.drydock.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The kernel command line drydock boots guests with. */
public final class GuestCmdline {
    private GuestCmdline() {}

    /**
     * The command line: serial console, a quiet kernel (the console carries the workload's output),
     * drydock's init, power off instead of reboot or panic loops, and the network for the guest init.
     * On microvm the TSC frequency is given: without it TCG microvm boots hung in about 4 of 10 tries
     * while the kernel calibrated against a timer that microvm does not have.
     */
    public static String of(MachineType machine, VmSpec.Network network) {
        return of(machine, network, List.of());
    }

    /** The command line with {@code extra} words (validated by {@link VmSpec}) appended. */
    public static String of(MachineType machine, VmSpec.Network network, List<String> extra) {
        StringBuilder b = new StringBuilder("console=ttyS0 quiet loglevel=1 panic=-1 reboot=t rdinit=")
            .append(InitramfsBuilder.INIT_PATH);
        if (machine == MachineType.MICROVM) {
            long khz = hostTscKhz();
            if (khz > 0) {
                b.append(" tsc_early_khz=").append(khz);
            }
        }
        if (network != null) {
            b.append(" drydock.ip=").append(network.address()).append('/').append(network.prefixLength());
            if (network.gateway() != null) {
                b.append(" drydock.gw=").append(network.gateway());
            }
        }
        extra.forEach(a -> b.append(' ').append(a));
        return b.toString();
    }

    /** The host CPU's clock from /proc/cpuinfo ("cpu MHz"), which QEMU's TSC runs at; 0 if unknown. */
    static long hostTscKhz() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("cpu MHz")) {
                    return Math.round(Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) * 1000);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
