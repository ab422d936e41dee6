package io.drydock.vm;

import java.util.Map;

/**
 * A running VM's resource use.
 *
 * @param cpuTimeNanos   guest CPU time (all vCPUs)
 * @param memoryKiB      memory the domain holds, as libvirt reports it
 * @param balloon        the balloon driver's statistics (libvirt tag name to value, KiB), empty without a balloon
 * @param qemuPssKiB     the QEMU process's proportional set size on the host (smaps_rollup), or -1 when unknown
 * @param blockReadBytes  bytes read from the VM's disks
 * @param blockWriteBytes bytes written to the VM's disks
 * @param netRxBytes      bytes received on the VM's interfaces
 * @param netTxBytes      bytes sent on the VM's interfaces
 */
public record VmStats(long cpuTimeNanos, long memoryKiB, Map<String, Long> balloon, long qemuPssKiB,
        long blockReadBytes, long blockWriteBytes, long netRxBytes, long netTxBytes) {
    public VmStats {
        balloon = Map.copyOf(balloon);
    }

    /** The same stats with the QEMU process's PSS filled in. */
    public VmStats withQemuPss(long kib) {
        return new VmStats(cpuTimeNanos, memoryKiB, balloon, kib, blockReadBytes, blockWriteBytes, netRxBytes, netTxBytes);
    }
}
