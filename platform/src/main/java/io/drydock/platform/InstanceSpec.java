package io.drydock.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to run, the same on every platform: a root filesystem (an image's flattened rootfs), the
 * command and environment, and resource limits.
 *
 * @param rootfs the workload's root filesystem on the host
 * @param args   the command (argv)
 * @param env    KEY=value entries
 * @param limits resource limits
 */
public record InstanceSpec(Path rootfs, List<String> args, List<String> env, Limits limits) {
    public InstanceSpec {
        Objects.requireNonNull(rootfs, "rootfs");
        args = List.copyOf(args);
        env = List.copyOf(env);
        Objects.requireNonNull(limits, "limits");
        if (args.isEmpty()) {
            throw new IllegalArgumentException("args: a workload needs a command");
        }
    }

    /** A spec with the usual PATH and no limits. */
    public static InstanceSpec of(Path rootfs, String... args) {
        return new InstanceSpec(rootfs, List.of(args),
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), Limits.NONE);
    }

    /**
     * Resource limits; null fields are unlimited.
     *
     * @param memoryBytes memory limit in bytes
     * @param cpus        CPU quota in CPUs (0.5 = half a CPU)
     * @param pids        maximum number of processes
     */
    public record Limits(Long memoryBytes, Double cpus, Long pids) {
        public static final Limits NONE = new Limits(null, null, null);

        public Limits {
            if (memoryBytes != null && memoryBytes <= 0) {
                throw new IllegalArgumentException("limits.memoryBytes must be positive, got " + memoryBytes);
            }
            if (cpus != null && !(cpus > 0)) {
                throw new IllegalArgumentException("limits.cpus must be positive, got " + cpus);
            }
            if (pids != null && pids <= 0) {
                throw new IllegalArgumentException("limits.pids must be positive, got " + pids);
            }
        }
    }
}
