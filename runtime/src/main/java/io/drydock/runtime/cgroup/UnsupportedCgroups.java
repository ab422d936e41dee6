package io.drydock.runtime.cgroup;

import java.util.List;

/**
 * The manager for a host without usable cgroups: every operation that would need them fails with
 * a message saying what the host lacks. {@link #exists} is false and {@link #destroy} does
 * nothing, so cleanup paths work unchanged.
 */
public final class UnsupportedCgroups implements CgroupManager {
    private final CgroupMode mode;
    private final String lack;

    /**
     * @param mode what was detected
     * @param lack what the host lacks, e.g. "no cgroup filesystem is mounted according to /proc/self/mountinfo"
     */
    public UnsupportedCgroups(CgroupMode mode, String lack) {
        if (lack == null || lack.isBlank()) {
            throw new IllegalArgumentException("an unsupported-cgroups manager must say what the host lacks");
        }
        this.mode = mode;
        this.lack = lack;
    }

    private CgroupException unsupported(String operation, CgroupPath path) {
        return new CgroupException(operation, null, "cannot " + operation + " cgroup " + path
            + ": this host has no usable cgroups (" + lack + ")");
    }

    @Override
    public CgroupMode mode() {
        return mode;
    }

    @Override
    public void create(CgroupPath path, CgroupLimits limits) throws CgroupException {
        throw unsupported("create", path);
    }

    @Override
    public void addProcess(CgroupPath path, long pid) throws CgroupException {
        throw unsupported("addProcess", path);
    }

    @Override
    public void update(CgroupPath path, CgroupLimits limits) throws CgroupException {
        throw unsupported("update", path);
    }

    @Override
    public CgroupStats stats(CgroupPath path) throws CgroupException {
        throw unsupported("stats", path);
    }

    @Override
    public List<Long> pids(CgroupPath path) throws CgroupException {
        throw unsupported("pids", path);
    }

    @Override
    public void freeze(CgroupPath path) throws CgroupException {
        throw unsupported("freeze", path);
    }

    @Override
    public void thaw(CgroupPath path) throws CgroupException {
        throw unsupported("thaw", path);
    }

    @Override
    public void destroy(CgroupPath path) {
        // Nothing can have been created here.
    }

    @Override
    public boolean exists(CgroupPath path) {
        return false;
    }
}
