package io.drydock.runtime.engine;

/**
 * {@code --cpus 0.5}: a CFS quota of that many CPUs per 100 ms period.
 *
 * @param cpus the number of CPUs, more than 0
 */
public record CpuLimit(double cpus) {
    /** The CFS period drydock uses, in microseconds (the kernel's default). */
    public static final long PERIOD_US = 100_000;

    public CpuLimit {
        if (!(cpus >= 0.01) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("--cpus " + cpus + " must be at least 0.01");
        }
    }

    /**
     * Parses {@code --cpus}.
     *
     * @param available the CPUs of this host; more are refused
     * @throws IllegalArgumentException naming the value
     */
    public static CpuLimit parse(String value, int available) {
        double cpus;
        try {
            cpus = Double.parseDouble(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("--cpus '" + value + "' is not a number");
        }
        if (!(cpus >= 0.01) || cpus > available) {
            throw new IllegalArgumentException("--cpus '" + value + "' must be between 0.01 and " + available
                    + " (the CPUs of this host)");
        }
        return new CpuLimit(cpus);
    }

    /** Microseconds of CPU time per {@link #PERIOD_US}. */
    public long quotaUs() {
        return Math.round(cpus * PERIOD_US);
    }
}
