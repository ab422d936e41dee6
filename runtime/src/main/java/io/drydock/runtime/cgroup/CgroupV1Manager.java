package io.drydock.runtime.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * cgroup v1: one directory per cgroup in each mounted controller hierarchy (legacy hosts, and
 * hybrid hosts, whose controllers live on v1). Limits go to the controller's own hierarchy:
 * memory.*, cpu.*, cpuset.*, pids.max; processes join every hierarchy.
 */
public final class CgroupV1Manager implements CgroupManager {
    /** How long {@link #freeze} waits for freezer.state to settle. */
    private static final long FREEZE_TIMEOUT_MILLIS = 5_000;
    /** v1 reports "no limit" as LONG_MAX rounded down to a page; anything this large is unlimited. */
    private static final long V1_UNLIMITED_FLOOR = 1L << 62;

    private final CgroupLayout layout;
    private final CgroupTree tree;
    /** Only on the real kernel (unit tests' fixture files have no migration lock to warm). */
    private Optional<MigrationPrimer> primer = Optional.empty();

    /** A manager for the v1 hierarchies of {@code layout} (mode LEGACY or HYBRID). */
    public CgroupV1Manager(CgroupLayout layout) {
        this(layout, new KernelCgroupFiles());
        String controller = layout.v1Mount("pids").isPresent() ? "pids" : layout.v1Controllers().keySet().iterator().next();
        this.primer = MigrationPrimer.forThisProcess(layout.v1Mount(controller).orElseThrow(), controller,
            Path.of("/proc/self/cgroup"));
    }

    CgroupV1Manager(CgroupLayout layout, CgroupFiles files) {
        if (layout.v1Controllers().isEmpty()) {
            throw new IllegalArgumentException("cgroup v1 manager needs v1 controller hierarchies; "
                + layout.source() + " shows " + layout.describe());
        }
        this.layout = layout;
        this.tree = new CgroupTree(files);
    }

    @Override
    public CgroupMode mode() {
        return layout.mode();
    }

    @Override
    public void create(CgroupPath path, CgroupLimits limits) throws CgroupException {
        checkSupported("create", limits);
        List<Path> created = new ArrayList<>();
        try {
            for (Path mount : layout.v1Hierarchies()) {
                tree.createDirectories(mount, path, created);
            }
            inheritCpuset(path);
            apply("create", path, limits);
        } catch (CgroupException e) {
            tree.undoCreate(created, e);
            throw e;
        }
    }

    @Override
    public void primeAttach() {
        primer.ifPresent(MigrationPrimer::prime);
    }

    @Override
    public void addProcess(CgroupPath path, long pid) throws CgroupException {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be > 0, got " + pid);
        }
        for (Path mount : layout.v1Hierarchies()) {
            Path dir = existing("addProcess", path, mount);
            tree.write(dir.resolve("cgroup.procs"), Long.toString(pid));
        }
    }

    @Override
    public void update(CgroupPath path, CgroupLimits limits) throws CgroupException {
        checkSupported("update", limits);
        apply("update", path, limits);
    }

    @Override
    public CgroupStats stats(CgroupPath path) throws CgroupException {
        if (!exists(path)) {
            throw new CgroupException("stats", null, "cgroup " + path + " does not exist in any v1 hierarchy");
        }
        long usage = CgroupStats.NOT_AVAILABLE;
        long peak = CgroupStats.NOT_AVAILABLE;
        long limit = CgroupStats.NOT_AVAILABLE;
        long oomKills = CgroupStats.NOT_AVAILABLE;
        Optional<Path> memory = dir("memory", path);
        if (memory.isPresent()) {
            usage = tree.readNumber(memory.get().resolve("memory.usage_in_bytes")).orElse(CgroupStats.NOT_AVAILABLE);
            peak = tree.readNumber(memory.get().resolve("memory.max_usage_in_bytes")).orElse(CgroupStats.NOT_AVAILABLE);
            limit = tree.readNumber(memory.get().resolve("memory.limit_in_bytes")).orElse(CgroupStats.NOT_AVAILABLE);
            if (limit >= V1_UNLIMITED_FLOOR) {
                limit = CgroupStats.UNLIMITED;
            }
            // oom_kill appeared in memory.oom_control with Linux 4.13.
            oomKills = tree.readKeyed(memory.get().resolve("memory.oom_control"))
                .getOrDefault("oom_kill", CgroupStats.NOT_AVAILABLE);
        }
        long cpuNanos = CgroupStats.NOT_AVAILABLE;
        Optional<Path> cpuacct = dir("cpuacct", path);
        if (cpuacct.isPresent()) {
            cpuNanos = tree.readNumber(cpuacct.get().resolve("cpuacct.usage")).orElse(CgroupStats.NOT_AVAILABLE);
        }
        long throttled = CgroupStats.NOT_AVAILABLE;
        Optional<Path> cpu = dir("cpu", path);
        if (cpu.isPresent()) {
            throttled = tree.readKeyed(cpu.get().resolve("cpu.stat")).getOrDefault("nr_throttled", CgroupStats.NOT_AVAILABLE);
        }
        long pids = CgroupStats.NOT_AVAILABLE;
        Optional<Path> pidsDir = dir("pids", path);
        if (pidsDir.isPresent()) {
            pids = tree.readNumber(pidsDir.get().resolve("pids.current")).orElse(CgroupStats.NOT_AVAILABLE);
        }
        return new CgroupStats(usage, peak, limit, oomKills, cpuNanos, throttled, pids);
    }

    @Override
    public List<Long> pids(CgroupPath path) throws CgroupException {
        TreeSet<Long> pids = new TreeSet<>();
        for (Path mount : layout.v1Hierarchies()) {
            tree.collectProcs(path.in(mount), pids);
        }
        return List.copyOf(pids);
    }

    @Override
    public void freeze(CgroupPath path) throws CgroupException {
        setFreezerState(path, "FROZEN");
    }

    @Override
    public void thaw(CgroupPath path) throws CgroupException {
        setFreezerState(path, "THAWED");
    }

    private void setFreezerState(CgroupPath path, String wanted) throws CgroupException {
        String op = wanted.equals("FROZEN") ? "freeze" : "thaw";
        Path mount = layout.v1Mount("freezer").orElseThrow(() -> lacks(op, "freezer", "freeze/thaw"));
        Path state = existing(op, path, mount).resolve("freezer.state");
        long deadline = System.nanoTime() + FREEZE_TIMEOUT_MILLIS * 1_000_000;
        while (true) {
            // FREEZING is transient; writing FROZEN again retries tasks that were not yet frozen.
            tree.write(state, wanted);
            String now = tree.read(state).strip();
            if (now.equals(wanted)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CgroupException(op, state, "still " + now + " after " + FREEZE_TIMEOUT_MILLIS + " ms");
            }
            CgroupTree.pause(10);
        }
    }

    @Override
    public void destroy(CgroupPath path) throws CgroupException {
        boolean allGone = true;
        for (Path mount : layout.v1Hierarchies()) {
            allGone &= tree.removeIfEmptyLeaf(path.in(mount));
        }
        if (allGone) {
            return;
        }
        List<Long> remaining = pids(path);
        if (!remaining.isEmpty()) {
            throw new CgroupNotEmptyException(path, firstExisting(path), remaining);
        }
        CgroupException failure = null;
        for (Path mount : layout.v1Hierarchies()) {
            try {
                tree.removeTree(path.in(mount));
            } catch (CgroupException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean exists(CgroupPath path) {
        return firstExisting(path) != null;
    }

    private Path firstExisting(CgroupPath path) {
        for (Path mount : layout.v1Hierarchies()) {
            if (tree.isDirectory(path.in(mount))) {
                return path.in(mount);
            }
        }
        return null;
    }

    /** Fails before anything is made if a limit needs a controller or file the host lacks. */
    private static final String KMEM_LIMIT = "memory.kmem.limit_in_bytes";
    private static final String KMEM_TCP_LIMIT = "memory.kmem.tcp.limit_in_bytes";

    private void checkSupported(String op, CgroupLimits limits) throws CgroupException {
        if (!limits.unified().isEmpty()) {
            throw new CgroupException(op, null, "linux.resources.unified " + limits.unified().keySet()
                + " needs cgroup v2 controllers, but this " + layout.mode().name().toLowerCase()
                + " host keeps its controllers on cgroup v1");
        }
        CgroupLimits.Memory m = limits.memory();
        if (m != null) {
            Path mount = layout.v1Mount("memory").orElseThrow(() -> lacks(op, "memory", "linux.resources.memory"));
            if (m.swap() != null && !tree.exists(mount.resolve("memory.memsw.limit_in_bytes"))) {
                throw new CgroupException(op, mount.resolve("memory.memsw.limit_in_bytes"),
                    "linux.resources.memory.swap needs swap accounting, which this kernel has off"
                    + " (boot with swapaccount=1)");
            }
            if (m.kernel() != null && !tree.exists(mount.resolve(KMEM_LIMIT))) {
                throw new CgroupException(op, mount.resolve(KMEM_LIMIT),
                    "linux.resources.memory.kernel is not supported: this kernel has no kernel memory accounting");
            }
            if (m.kernelTcp() != null && !tree.exists(mount.resolve(KMEM_TCP_LIMIT))) {
                throw new CgroupException(op, mount.resolve(KMEM_TCP_LIMIT),
                    "linux.resources.memory.kernelTCP is not supported: this kernel has no kernel TCP memory accounting");
            }
        }
        CgroupLimits.Cpu c = limits.cpu();
        if (c != null) {
            if ((c.shares() != null || c.quota() != null || c.period() != null) && layout.v1Mount("cpu").isEmpty()) {
                throw lacks(op, "cpu", "linux.resources.cpu shares/quota/period");
            }
            if ((c.cpus() != null || c.mems() != null) && layout.v1Mount("cpuset").isEmpty()) {
                throw lacks(op, "cpuset", "linux.resources.cpu cpus/mems");
            }
        }
        if (limits.pids() != null && layout.v1Mount("pids").isEmpty()) {
            throw lacks(op, "pids", "linux.resources.pids");
        }
    }

    private CgroupException lacks(String op, String controller, String neededFor) {
        return new CgroupException(op, null, "host lacks the cgroup v1 \"" + controller + "\" controller needed for "
            + neededFor + " (no cgroup hierarchy with it is mounted according to " + layout.source() + ")");
    }

    private void apply(String op, CgroupPath path, CgroupLimits limits) throws CgroupException {
        CgroupLimits.Memory m = limits.memory();
        if (m != null) {
            Path dir = existing(op, path, layout.v1Mount("memory").orElseThrow());
            writeMemoryAndSwap(dir, m);
            if (m.reservation() != null) {
                tree.write(dir.resolve("memory.soft_limit_in_bytes"), Long.toString(m.reservation()));
            }
            if (m.swappiness() != null) {
                tree.write(dir.resolve("memory.swappiness"), Long.toString(m.swappiness()));
            }
            if (m.kernel() != null) {
                writeKernelMemory(op, dir.resolve(KMEM_LIMIT), m.kernel());
            }
            if (m.kernelTcp() != null) {
                tree.write(dir.resolve(KMEM_TCP_LIMIT), Long.toString(m.kernelTcp()));
            }
            if (m.disableOomKiller() != null) {
                // memory.oom_control takes "1" to disable the OOM killer, "0" to enable it
                // (Documentation/admin-guide/cgroup-v1/memory.rst, "OOM Control").
                tree.write(dir.resolve("memory.oom_control"), m.disableOomKiller() ? "1" : "0");
            }
        }
        CgroupLimits.Cpu c = limits.cpu();
        if (c != null) {
            if (c.shares() != null || c.quota() != null || c.period() != null) {
                Path dir = existing(op, path, layout.v1Mount("cpu").orElseThrow());
                if (c.shares() != null) {
                    tree.write(dir.resolve("cpu.shares"), Long.toString(c.shares()));
                }
                // The period first: the kernel checks a new quota against the period in force.
                if (c.period() != null) {
                    tree.write(dir.resolve("cpu.cfs_period_us"), Long.toString(c.period()));
                }
                if (c.quota() != null) {
                    tree.write(dir.resolve("cpu.cfs_quota_us"), Long.toString(c.quota()));
                }
            }
            if (c.cpus() != null || c.mems() != null) {
                Path dir = existing(op, path, layout.v1Mount("cpuset").orElseThrow());
                if (c.cpus() != null) {
                    tree.write(dir.resolve("cpuset.cpus"), c.cpus());
                }
                if (c.mems() != null) {
                    tree.write(dir.resolve("cpuset.mems"), c.mems());
                }
            }
        }
        if (limits.pids() != null) {
            Path dir = existing(op, path, layout.v1Mount("pids").orElseThrow());
            long limit = limits.pids().limit();
            tree.write(dir.resolve("pids.max"), limit == -1 ? "max" : Long.toString(limit));
        }
    }

    /**
     * Linux 5.16 and later accept a write to memory.kmem.limit_in_bytes and ignore it (the limit
     * reads back unlimited): that is reported as unsupported rather than left to look applied.
     */
    private void writeKernelMemory(String op, Path file, long bytes) throws CgroupException {
        try {
            tree.write(file, Long.toString(bytes));
        } catch (CgroupException e) {
            throw new CgroupException(op, file, "linux.resources.memory.kernel is not supported by this kernel: "
                + e.getMessage(), e);
        }
        if (bytes == -1) {
            return;
        }
        long now = tree.readNumber(file).orElse(Long.MAX_VALUE);
        if (now > bytes) {
            throw new CgroupException(op, file, "linux.resources.memory.kernel is not supported: this kernel ignores"
                + " kernel memory limits (" + file.getFileName() + " reads " + now + " after writing " + bytes
                + "); leave it unset");
        }
    }

    /**
     * The kernel keeps memory.memsw.limit_in_bytes >= memory.limit_in_bytes at every moment and
     * rejects a write that would break that, so the order depends on the direction of the change:
     * when the limit grows, memsw is raised first; when it shrinks, the limit is lowered first.
     */
    private void writeMemoryAndSwap(Path dir, CgroupLimits.Memory m) throws CgroupException {
        Path limitFile = dir.resolve("memory.limit_in_bytes");
        Path memswFile = dir.resolve("memory.memsw.limit_in_bytes");
        if (m.swap() == null) {
            if (m.limit() != null) {
                tree.write(limitFile, Long.toString(m.limit()));
            }
            return;
        }
        if (m.limit() == null) {
            tree.write(memswFile, Long.toString(m.swap()));
            return;
        }
        long current = tree.readNumber(limitFile).orElse(CgroupStats.UNLIMITED);
        boolean growing = m.limit() == -1 || m.limit() > current;
        if (growing) {
            tree.write(memswFile, Long.toString(m.swap()));
            tree.write(limitFile, Long.toString(m.limit()));
        } else {
            tree.write(limitFile, Long.toString(m.limit()));
            tree.write(memswFile, Long.toString(m.swap()));
        }
    }

    /**
     * A new v1 cpuset cgroup starts with empty cpuset.cpus and cpuset.mems, and the kernel refuses
     * tasks into it (ENOSPC) until both are set; copy them down from the parent, level by level.
     */
    private void inheritCpuset(CgroupPath path) throws CgroupException {
        Optional<Path> mount = layout.v1Mount("cpuset");
        if (mount.isEmpty()) {
            return;
        }
        for (Path dir : CgroupTree.levels(mount.get(), path)) {
            for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                Path own = dir.resolve(file);
                if (tree.read(own).strip().isEmpty()) {
                    tree.write(own, tree.read(dir.getParent().resolve(file)).strip());
                }
            }
        }
    }

    private Optional<Path> dir(String controller, CgroupPath path) {
        return layout.v1Mount(controller).map(path::in).filter(tree::isDirectory);
    }

    private Path existing(String op, CgroupPath path, Path mount) throws CgroupException {
        Path dir = path.in(mount);
        if (!tree.isDirectory(dir)) {
            throw new CgroupException(op, dir, "cgroup " + path + " does not exist in this hierarchy; create it first");
        }
        return dir;
    }
}
