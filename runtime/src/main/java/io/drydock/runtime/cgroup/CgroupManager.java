package io.drydock.runtime.cgroup;

import java.util.List;

/**
 * Creates, limits, fills, measures and removes cgroups on one host. Stateless: every operation
 * names its cgroup by {@link CgroupPath}, so a container's state needs only the path to find its
 * cgroup again (for {@code ps}, {@code update}, {@code delete}).
 *
 * <p>Pick the implementation with {@link #forHost()} or {@link #forLayout(CgroupLayout)}: cgroup v2
 * on a unified host, v1 on a legacy or hybrid one (controllers live on v1 there), and
 * {@link UnsupportedCgroups} when no controller hierarchy is mounted.
 */
public interface CgroupManager {
    /** The mode of the host this manager works on. */
    CgroupMode mode();

    /**
     * Creates the cgroup in every hierarchy it needs (mkdir -p; existing directories are reused),
     * prepares parents (v1: cpuset.cpus/mems inherited down the path; v2: controllers enabled in
     * each parent's cgroup.subtree_control) and applies {@code limits}. On failure, the directories
     * this call made are removed again.
     *
     * @throws CgroupException naming the missing controller or the file a write failed on
     */
    void create(CgroupPath path, CgroupLimits limits) throws CgroupException;

    /**
     * Hints that {@link #addProcess} will follow shortly: lets the kernel's one-off wait before the
     * first cgroup migration run in the background meanwhile (see {@code MigrationPrimer}).
     * Optional; managers that cannot do it do nothing.
     */
    default void primeAttach() {
    }

    /** Moves process {@code pid} (and so its future children) into the cgroup. */
    void addProcess(CgroupPath path, long pid) throws CgroupException;

    /** Applies the set fields of {@code limits} to an existing cgroup; unset fields are left alone. */
    void update(CgroupPath path, CgroupLimits limits) throws CgroupException;

    /** Reads the cgroup's accounting. */
    CgroupStats stats(CgroupPath path) throws CgroupException;

    /** Every process in the cgroup and its descendants, sorted and without duplicates. */
    List<Long> pids(CgroupPath path) throws CgroupException;

    /** Freezes every process in the cgroup and waits until the kernel reports it frozen. */
    void freeze(CgroupPath path) throws CgroupException;

    /** Undoes {@link #freeze}. */
    void thaw(CgroupPath path) throws CgroupException;

    /**
     * Removes the cgroup and every cgroup below it from every hierarchy. A cgroup that does not
     * exist is not an error.
     *
     * @throws CgroupNotEmptyException if processes remain (listed in the exception): kill them first
     */
    void destroy(CgroupPath path) throws CgroupException;

    /** True if the cgroup's directory exists in any hierarchy this manager uses. */
    boolean exists(CgroupPath path);

    /** The manager for this host, from {@code /proc/self/mountinfo}. */
    static CgroupManager forHost() throws CgroupException {
        return forLayout(CgroupLayout.detectHost());
    }

    /** The manager for a detected layout: v2 if unified, v1 if legacy or hybrid, else unsupported. */
    static CgroupManager forLayout(CgroupLayout layout) {
        return switch (layout.mode()) {
            case UNIFIED -> new CgroupV2Manager(layout);
            case HYBRID, LEGACY -> new CgroupV1Manager(layout);
            case NONE -> new UnsupportedCgroups(layout.mode(), "no cgroup controller hierarchy (cgroup or cgroup2 filesystem)"
                + " is mounted according to " + layout.source());
        };
    }
}
