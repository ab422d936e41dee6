package io.drydock.runtime.cgroup;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * cgroup v2: one directory in the unified hierarchy. Controllers a cgroup uses must be enabled in
 * every ancestor's cgroup.subtree_control; limits use the v2 files (memory.max, memory.swap.max,
 * cpu.weight, cpu.max, cpuset.*, pids.max) and {@code linux.resources.unified} is written verbatim.
 */
public final class CgroupV2Manager implements CgroupManager {
    /**
     * Enabled down the path when the root offers them even if no limit asks, so that stats work;
     * other controllers (cpuset, hugetlb, rdma, misc) only when a limit needs them.
     */
    private static final List<String> ENABLED_FOR_STATS = List.of("cpu", "io", "memory", "pids");
    private static final long FREEZE_TIMEOUT_MILLIS = 5_000;

    private final CgroupLayout layout;
    private final Path mount;
    private final CgroupTree tree;
    /** Only on the real kernel (unit tests' fixture files have no migration lock to warm). */
    private Optional<MigrationPrimer> primer = Optional.empty();

    /** A manager for the cgroup2 hierarchy of {@code layout} (also usable on a hybrid host's v2 mount). */
    public CgroupV2Manager(CgroupLayout layout) {
        this(layout, new KernelCgroupFiles());
        this.primer = MigrationPrimer.forThisProcess(mount, null, Path.of("/proc/self/cgroup"));
    }

    CgroupV2Manager(CgroupLayout layout, CgroupFiles files) {
        this.layout = layout;
        this.mount = layout.unifiedMount().orElseThrow(() -> new IllegalArgumentException(
            "cgroup v2 manager needs a cgroup2 mount; " + layout.source() + " shows " + layout.describe()));
        this.tree = new CgroupTree(files);
    }

    @Override
    public CgroupMode mode() {
        return layout.mode();
    }

    @Override
    public void create(CgroupPath path, CgroupLimits limits) throws CgroupException {
        checkSupported("create", limits);
        Set<String> needed = controllersFor(limits);
        Path rootControllers = mount.resolve("cgroup.controllers");
        Set<String> offered = readList(rootControllers);
        requireControllers("create", needed, offered, rootControllers);
        List<Path> created = new ArrayList<>();
        try {
            tree.createDirectories(mount, path, created);
            enableControllers(path, needed, offered);
            apply("create", path, limits);
        } catch (CgroupException e) {
            tree.undoCreate(created, e);
            throw e;
        }
    }

    /**
     * Enables controllers in the root's and every ancestor's cgroup.subtree_control, top-down (a
     * cgroup can only enable what its parent enabled for it). One controller per write, so that
     * one the kernel refuses does not hold back the others; a refusal only matters for a needed one.
     */
    private void enableControllers(CgroupPath path, Set<String> needed, Set<String> offered) throws CgroupException {
        Set<String> wanted = new LinkedHashSet<>();
        for (String c : ENABLED_FOR_STATS) {
            if (offered.contains(c)) {
                wanted.add(c);
            }
        }
        wanted.addAll(needed);
        if (wanted.isEmpty()) {
            return;
        }
        List<Path> parents = new ArrayList<>();
        parents.add(mount);
        List<Path> levels = CgroupTree.levels(mount, path);
        parents.addAll(levels.subList(0, levels.size() - 1));
        for (Path dir : parents) {
            Path subtreeControl = dir.resolve("cgroup.subtree_control");
            Set<String> enabled = readList(subtreeControl);
            Set<String> available = readList(dir.resolve("cgroup.controllers"));
            for (String c : wanted) {
                if (enabled.contains(c) || !available.contains(c)) {
                    continue;
                }
                try {
                    tree.write(subtreeControl, "+" + c);
                } catch (CgroupException e) {
                    if (needed.contains(c)) {
                        if (e.getCause() instanceof FileSystemException fse
                                && "Device or resource busy".equals(fse.getReason())) {
                            throw new CgroupException("create", subtreeControl, "cannot enable \"" + c
                                + "\": " + dir + " has processes of its own, and cgroup v2 lets only a cgroup"
                                + " without processes hand controllers to its children", e);
                        }
                        throw e;
                    }
                }
            }
        }
        Path leafControllers = path.in(mount).resolve("cgroup.controllers");
        requireControllers("create", needed, readList(leafControllers), leafControllers);
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
        tree.write(existing("addProcess", path).resolve("cgroup.procs"), Long.toString(pid));
    }

    @Override
    public void update(CgroupPath path, CgroupLimits limits) throws CgroupException {
        checkSupported("update", limits);
        Path leafControllers = existing("update", path).resolve("cgroup.controllers");
        requireControllers("update", controllersFor(limits), readList(leafControllers), leafControllers);
        apply("update", path, limits);
    }

    @Override
    public CgroupStats stats(CgroupPath path) throws CgroupException {
        Path dir = existing("stats", path);
        long usage = tree.readNumber(dir.resolve("memory.current")).orElse(CgroupStats.NOT_AVAILABLE);
        // memory.peak appeared with Linux 5.19.
        long peak = tree.readNumber(dir.resolve("memory.peak")).orElse(CgroupStats.NOT_AVAILABLE);
        long limit = tree.readNumber(dir.resolve("memory.max")).orElse(CgroupStats.NOT_AVAILABLE);
        long oomKills = CgroupStats.NOT_AVAILABLE;
        if (tree.exists(dir.resolve("memory.events"))) {
            oomKills = tree.readKeyed(dir.resolve("memory.events")).getOrDefault("oom_kill", CgroupStats.NOT_AVAILABLE);
        }
        // cpu.stat exists without the cpu controller (usage only); nr_throttled needs the controller.
        Map<String, Long> cpu = tree.readKeyed(dir.resolve("cpu.stat"));
        Long usageUsec = cpu.get("usage_usec");
        long cpuNanos = usageUsec == null ? CgroupStats.NOT_AVAILABLE : usageUsec * 1000;
        long throttled = cpu.getOrDefault("nr_throttled", CgroupStats.NOT_AVAILABLE);
        long pids = tree.readNumber(dir.resolve("pids.current")).orElse(CgroupStats.NOT_AVAILABLE);
        return new CgroupStats(usage, peak, limit, oomKills, cpuNanos, throttled, pids);
    }

    @Override
    public List<Long> pids(CgroupPath path) throws CgroupException {
        TreeSet<Long> pids = new TreeSet<>();
        tree.collectProcs(path.in(mount), pids);
        return List.copyOf(pids);
    }

    @Override
    public void freeze(CgroupPath path) throws CgroupException {
        setFrozen(path, true);
    }

    @Override
    public void thaw(CgroupPath path) throws CgroupException {
        setFrozen(path, false);
    }

    private void setFrozen(CgroupPath path, boolean frozen) throws CgroupException {
        String op = frozen ? "freeze" : "thaw";
        Path dir = existing(op, path);
        Path freeze = dir.resolve("cgroup.freeze");
        if (!tree.exists(freeze)) {
            throw new CgroupException(op, freeze, "host lacks the cgroup v2 freezer (cgroup.freeze needs Linux 5.2)");
        }
        tree.write(freeze, frozen ? "1" : "0");
        // The write only starts freezing; cgroup.events says when every task has stopped.
        Path events = dir.resolve("cgroup.events");
        long want = frozen ? 1 : 0;
        long deadline = System.nanoTime() + FREEZE_TIMEOUT_MILLIS * 1_000_000;
        while (tree.readKeyed(events).getOrDefault("frozen", -1L) != want) {
            if (System.nanoTime() > deadline) {
                throw new CgroupException(op, events, "not " + (frozen ? "frozen" : "thawed")
                    + " after " + FREEZE_TIMEOUT_MILLIS + " ms");
            }
            CgroupTree.pause(10);
        }
    }

    @Override
    public void destroy(CgroupPath path) throws CgroupException {
        if (tree.removeIfEmptyLeaf(path.in(mount))) {
            return;
        }
        List<Long> remaining = pids(path);
        if (!remaining.isEmpty()) {
            throw new CgroupNotEmptyException(path, path.in(mount), remaining);
        }
        tree.removeTree(path.in(mount));
    }

    @Override
    public boolean exists(CgroupPath path) {
        return tree.isDirectory(path.in(mount));
    }

    /** The v2 controllers a set of limits writes to. */
    static Set<String> controllersFor(CgroupLimits limits) {
        Set<String> out = new LinkedHashSet<>();
        CgroupLimits.Cpu c = limits.cpu();
        if (c != null && (c.shares() != null || c.quota() != null || c.period() != null)) {
            out.add("cpu");
        }
        if (c != null && (c.cpus() != null || c.mems() != null)) {
            out.add("cpuset");
        }
        if (limits.memory() != null) {
            out.add("memory");
        }
        if (limits.pids() != null) {
            out.add("pids");
        }
        for (String key : limits.unified().keySet()) {
            String controller = key.substring(0, key.indexOf('.'));
            if (!controller.equals("cgroup")) {
                out.add(controller);
            }
        }
        return out;
    }

    private void checkSupported(String op, CgroupLimits limits) throws CgroupException {
        CgroupLimits.Memory m = limits.memory();
        if (m != null && m.swappiness() != null) {
            throw new CgroupException(op, null, "linux.resources.memory.swappiness has no cgroup v2 equivalent;"
                + " leave it unset on a cgroup v2 host");
        }
        if (m != null && (m.kernel() != null || m.kernelTcp() != null)) {
            throw new CgroupException(op, null, "linux.resources.memory." + (m.kernel() != null ? "kernel" : "kernelTCP")
                + " has no cgroup v2 equivalent (v2 accounts kernel memory within memory.max); leave it unset on a"
                + " cgroup v2 host");
        }
        if (m != null && Boolean.TRUE.equals(m.disableOomKiller())) {
            throw new CgroupException(op, null, "linux.resources.memory.disableOOMKiller has no cgroup v2 equivalent;"
                + " leave it unset or false on a cgroup v2 host");
        }
    }

    private void requireControllers(String op, Set<String> needed, Set<String> available, Path controllersFile)
            throws CgroupException {
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(available);
        if (!missing.isEmpty()) {
            throw new CgroupException(op, controllersFile, "host lacks cgroup v2 controller(s) " + String.join(", ", missing)
                + " needed for the requested limits (cgroup.controllers lists: "
                + (available.isEmpty() ? "none" : String.join(" ", available)) + ")");
        }
    }

    private void apply(String op, CgroupPath path, CgroupLimits limits) throws CgroupException {
        Path dir = existing(op, path);
        CgroupLimits.Memory m = limits.memory();
        if (m != null) {
            if (m.limit() != null) {
                tree.write(dir.resolve("memory.max"), v2Value(m.limit()));
            }
            if (m.reservation() != null) {
                tree.write(dir.resolve("memory.low"), v2Value(m.reservation()));
            }
            if (m.swap() != null) {
                Path swapMax = dir.resolve("memory.swap.max");
                if (!tree.exists(swapMax)) {
                    throw new CgroupException(op, swapMax, "linux.resources.memory.swap needs swap accounting,"
                        + " which this kernel lacks (no memory.swap.max)");
                }
                tree.write(swapMax, v2Value(m.v2SwapMax()));
            }
        }
        CgroupLimits.Cpu c = limits.cpu();
        if (c != null) {
            if (c.shares() != null) {
                tree.write(dir.resolve("cpu.weight"), Long.toString(c.weight()));
            }
            if (c.quota() != null || c.period() != null) {
                tree.write(dir.resolve("cpu.max"), cpuMax(dir, c));
            }
            if (c.cpus() != null) {
                tree.write(dir.resolve("cpuset.cpus"), c.cpus());
            }
            if (c.mems() != null) {
                tree.write(dir.resolve("cpuset.mems"), c.mems());
            }
        }
        if (limits.pids() != null) {
            tree.write(dir.resolve("pids.max"), v2Value(limits.pids().limit()));
        }
        for (Map.Entry<String, String> e : limits.unified().entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!tree.exists(file)) {
                throw new CgroupException(op, file, "linux.resources.unified key \"" + e.getKey()
                    + "\" has no interface file in this cgroup (unknown key, or its controller is not enabled)");
            }
            tree.write(file, e.getValue());
        }
    }

    /**
     * cpu.max is "$QUOTA $PERIOD" with "max" for no quota. The kernel keeps the period when only a
     * quota is written; when only the period changes, the current quota is written back with it.
     */
    private String cpuMax(Path dir, CgroupLimits.Cpu c) throws CgroupException {
        String quota;
        if (c.quota() != null) {
            quota = v2Value(c.quota());
        } else {
            String[] current = tree.read(dir.resolve("cpu.max")).strip().split("\\s+");
            quota = current[0];
        }
        return c.period() == null ? quota : quota + " " + c.period();
    }

    private static String v2Value(long value) {
        return value == -1 ? "max" : Long.toString(value);
    }

    private Set<String> readList(Path file) throws CgroupException {
        Set<String> out = new LinkedHashSet<>();
        if (!tree.exists(file)) {
            return out;
        }
        for (String s : tree.read(file).strip().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private Path existing(String op, CgroupPath path) throws CgroupException {
        Path dir = path.in(mount);
        if (!tree.isDirectory(dir)) {
            throw new CgroupException(op, dir, "cgroup " + path + " does not exist; create it first");
        }
        return dir;
    }
}
