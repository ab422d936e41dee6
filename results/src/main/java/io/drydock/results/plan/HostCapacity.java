package io.drydock.results.plan;

/**
 * The host to plan for.
 *
 * @param cpus        logical CPUs
 * @param memoryBytes memory
 * @param diskBytes   disk for instances
 * @param headroom    the fraction of each resource kept free (0.2 = 20%)
 */
public record HostCapacity(int cpus, long memoryBytes, long diskBytes, double headroom) {

    /** Validates. */
    public HostCapacity {
        if (cpus < 1) {
            throw new IllegalArgumentException("host CPUs must be at least 1, was " + cpus);
        }
        if (memoryBytes < 1 || diskBytes < 1) {
            throw new IllegalArgumentException("host memory and disk must be positive");
        }
        if (!(headroom >= 0 && headroom < 1)) {
            throw new IllegalArgumentException("headroom must be in [0, 1), was " + headroom);
        }
    }

    /** CPUs available to instances after headroom. */
    public double usableCpus() {
        return cpus * (1 - headroom);
    }

    /** Memory available to instances after headroom. */
    public double usableMemory() {
        return memoryBytes * (1 - headroom);
    }

    /** Disk available to instances after headroom. */
    public double usableDisk() {
        return diskBytes * (1 - headroom);
    }
}
