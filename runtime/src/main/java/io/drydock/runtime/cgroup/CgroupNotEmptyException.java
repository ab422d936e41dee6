package io.drydock.runtime.cgroup;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link CgroupManager#destroy} refused because processes are still in the cgroup (or one of its
 * descendants). The caller kills {@link #pids()} and retries.
 */
public final class CgroupNotEmptyException extends CgroupException {
    private final CgroupPath cgroup;
    private final List<Long> pids;

    public CgroupNotEmptyException(CgroupPath cgroup, Path directory, List<Long> pids) {
        super("destroy", directory, "cgroup " + cgroup + " still holds processes " + pids
            + "; kill them before destroying it");
        this.cgroup = cgroup;
        this.pids = List.copyOf(pids);
    }

    public CgroupPath cgroup() {
        return cgroup;
    }

    /** The processes that were still in the cgroup tree, sorted. */
    public List<Long> pids() {
        return pids;
    }
}
