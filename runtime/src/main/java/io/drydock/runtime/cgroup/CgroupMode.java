package io.drydock.runtime.cgroup;

/** How the host mounts its cgroup hierarchies, as read from mountinfo. */
public enum CgroupMode {
    /** Only cgroup2 ("pure v2"): every controller lives in one unified hierarchy. */
    UNIFIED,
    /** Controllers on cgroup v1 hierarchies, plus a cgroup2 mount (usually /sys/fs/cgroup/unified). */
    HYBRID,
    /** Controllers on cgroup v1 hierarchies and no cgroup2 mount. */
    LEGACY,
    /** No cgroup controller hierarchy is mounted: limits and stats are unavailable. */
    NONE
}
