package io.drydock.platform;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to run, the same on every platform: a root filesystem (an image's flattened rootfs), the
 * command and environment, resource limits, and volumes.
 *
 * @param rootfs  the workload's root filesystem on the host
 * @param args    the command (argv)
 * @param env     KEY=value entries
 * @param limits  resource limits
 * @param volumes storage given to the instance besides its root filesystem
 */
public record InstanceSpec(Path rootfs, List<String> args, List<String> env, Limits limits, List<Volume> volumes) {
    public InstanceSpec {
        Objects.requireNonNull(rootfs, "rootfs");
        args = List.copyOf(args);
        env = List.copyOf(env);
        Objects.requireNonNull(limits, "limits");
        volumes = List.copyOf(volumes);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("args: a workload needs a command");
        }
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("env: expected KEY=value, got " + e);
            }
        }
        Set<String> targets = new HashSet<>();
        for (Volume v : volumes) {
            if (!targets.add(v.target())) {
                throw new IllegalArgumentException("volumes: two volumes at " + v.target());
            }
        }
    }

    /** A spec without volumes. */
    public InstanceSpec(Path rootfs, List<String> args, List<String> env, Limits limits) {
        this(rootfs, args, env, limits, List.of());
    }

    /** A spec with the usual PATH and no limits. */
    public static InstanceSpec of(Path rootfs, String... args) {
        return new InstanceSpec(rootfs, List.of(args),
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), Limits.NONE);
    }

    /** The same spec with other limits. */
    public InstanceSpec withLimits(Limits l) {
        return new InstanceSpec(rootfs, args, env, l, volumes);
    }

    /** The same spec with another command. */
    public InstanceSpec withArgs(List<String> a) {
        return new InstanceSpec(rootfs, a, env, limits, volumes);
    }

    /** The same spec with a volume more. */
    public InstanceSpec withVolume(Volume v) {
        List<Volume> more = new java.util.ArrayList<>(volumes);
        more.add(v);
        return new InstanceSpec(rootfs, args, env, limits, more);
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

    /**
     * Storage at {@code target} inside the instance. A container gets {@code hostDir} bind-mounted
     * there; a VM gets a disk of {@code sizeBytes} (an ext4 file system in a raw image file in
     * {@code hostDir}) mounted there, since a guest cannot see a host directory.
     *
     * @param hostDir   a directory on the host
     * @param target    an absolute path inside the instance
     * @param sizeBytes the size of a VM's volume disk
     */
    public record Volume(Path hostDir, String target, long sizeBytes) {
        public Volume {
            Objects.requireNonNull(hostDir, "volume.hostDir");
            Objects.requireNonNull(target, "volume.target");
            if (!target.startsWith("/") || target.equals("/") || target.contains("/../") || target.endsWith("/..")) {
                throw new IllegalArgumentException("volume.target: an absolute path below /, got " + target);
            }
            if (sizeBytes < (16L << 20)) {
                throw new IllegalArgumentException("volume.sizeBytes: at least 16 MiB, got " + sizeBytes);
            }
        }
    }
}
