package io.drydock.runtime.container;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What drydock remembers about one container between commands, stored as state.json in the
 * container's directory under the runtime root. Status is not stored as such: it follows from
 * {@link #phase()}, whether {@link #init()} is still alive and whether the exec fifo is still there
 * (see {@link ContainerStatus}). Create writes it twice (creating, then created); start does not
 * write it.
 *
 * @param id          the container id
 * @param bundle      absolute path of the bundle
 * @param rootfs      absolute host path of the root filesystem
 * @param phase       how far the lifecycle got
 * @param init        the container's init process, once known
 * @param created     when create began
 * @param cgroupPath  the cgroup path below each hierarchy root, e.g. /drydock/ID
 * @param annotations the spec's annotations, reported by state
 * @param cgroupPlacement how the init came into its cgroup, once known (null in records of
 *     earlier versions)
 */
public record ContainerRecord(
        int version,
        String id,
        Path bundle,
        Path rootfs,
        Phase phase,
        ProcessIdentity init,
        Instant created,
        String cgroupPath,
        Map<String, String> annotations,
        CgroupPlacement cgroupPlacement) {

    /** Version of this file's format; a newer one is refused rather than misread. */
    public static final int VERSION = 1;

    /**
     * How far the lifecycle got: creating (shim running), created (init waiting on the fifo, or
     * started once the fifo is gone). STARTED is what earlier versions wrote at start; it is
     * still read as running.
     */
    public enum Phase { CREATING, CREATED, STARTED }

    /** How the container's init came into its cgroup. */
    public enum CgroupPlacement {
        /** Born there: the shim cloned it with clone3(CLONE_INTO_CGROUP) (cgroup v2, Linux 5.7+). */
        CLONED_INTO_CGROUP,
        /** Born there: the shim's first stage was moved into the cgroup before it cloned the init. */
        FIRST_STAGE_ATTACHED,
        /** Moved there by the runtime after the clone, before the init was told to go on. */
        ATTACHED_AFTER_CLONE
    }

    /** A record without a placement yet (create fills it in once the init exists). */
    public ContainerRecord(int version, String id, Path bundle, Path rootfs, Phase phase, ProcessIdentity init,
            Instant created, String cgroupPath, Map<String, String> annotations) {
        this(version, id, bundle, rootfs, phase, init, created, cgroupPath, annotations, null);
    }

    public ContainerRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(created, "created");
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        if (version != VERSION) {
            throw new IllegalArgumentException("state.json version " + version + " is not " + VERSION
                + " (written by another drydock version)");
        }
    }

    public ContainerRecord withPhase(Phase p) {
        return new ContainerRecord(version, id, bundle, rootfs, p, init, created, cgroupPath, annotations, cgroupPlacement);
    }

    public ContainerRecord withInit(ProcessIdentity pid) {
        return new ContainerRecord(version, id, bundle, rootfs, phase, pid, created, cgroupPath, annotations, cgroupPlacement);
    }

    public ContainerRecord withCgroupPlacement(CgroupPlacement p) {
        return new ContainerRecord(version, id, bundle, rootfs, phase, init, created, cgroupPath, annotations, p);
    }
}
