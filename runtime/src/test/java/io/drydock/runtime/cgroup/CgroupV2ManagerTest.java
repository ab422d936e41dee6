package io.drydock.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.cgroup.FixtureCgroupFiles.Write;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV2ManagerTest {
    private static final long MIB = 1024 * 1024;
    private static final CgroupPath PATH = CgroupPath.of("/drydock/c1");

    @TempDir
    Path tmp;

    private CgroupFixture f;
    private CgroupV2Manager manager;

    @BeforeEach
    void unifiedHost() {
        f = CgroupFixture.unified(tmp, "cpuset", "cpu", "io", "memory", "pids");
        manager = f.v2Manager();
    }

    private Path dir() {
        return PATH.in(f.cgroupRoot);
    }

    private Write w(String file, String value) {
        return new Write(dir().resolve(file), value);
    }

    private Write enable(Path cgroup, String controller) {
        return new Write(cgroup.resolve("cgroup.subtree_control"), "+" + controller);
    }

    @Test
    void create_allLimits_enablesControllersTopDownThenWritesV2Files() throws Exception {
        CgroupLimits limits = CgroupLimits.builder()
            .memoryLimit(32 * MIB).memorySwap(96 * MIB).memoryReservation(8 * MIB)
            .cpuShares(1024).cpuQuota(50_000).cpuPeriod(100_000).pidsLimit(10).build();

        manager.create(PATH, limits);

        Path root = f.cgroupRoot;
        Path parent = root.resolve("drydock");
        assertThat(f.files.writes()).containsExactly(
            enable(root, "cpu"), enable(root, "io"), enable(root, "memory"), enable(root, "pids"),
            enable(parent, "cpu"), enable(parent, "io"), enable(parent, "memory"), enable(parent, "pids"),
            w("memory.max", Long.toString(32 * MIB)),
            w("memory.low", Long.toString(8 * MIB)),
            // OCI swap is memory+swap; v2 limits swap alone
            w("memory.swap.max", Long.toString(64 * MIB)),
            // OCI conversion: 1 + ((1024 - 2) * 9999) / 262142
            w("cpu.weight", "39"),
            w("cpu.max", "50000 100000"),
            w("pids.max", "10"));
        // cpuset is not enabled unless a limit needs it
        assertThat(f.read(root.resolve("cgroup.subtree_control"))).isEqualTo("cpu io memory pids");
        assertThat(f.read(dir().resolve("cgroup.subtree_control"))).isEmpty();
    }

    @Test
    void create_cpusetLimits_enablesCpusetToo() throws Exception {
        manager.create(PATH, CgroupLimits.builder().cpus("0-1").mems("0").build());

        assertThat(f.read(f.cgroupRoot.resolve("cgroup.subtree_control"))).isEqualTo("cpu io memory pids cpuset");
        assertThat(f.files.writesUnder(dir())).containsExactly(w("cpuset.cpus", "0-1"), w("cpuset.mems", "0"));
    }

    @Test
    void create_alreadyEnabledControllers_areNotWrittenAgain() throws Exception {
        manager.create(CgroupPath.of("/drydock/other"), CgroupLimits.NONE);
        f.files.clearWrites();

        manager.create(PATH, CgroupLimits.builder().pidsLimit(-1).build());

        assertThat(f.files.writes()).containsExactly(w("pids.max", "max"));
    }

    @Test
    void create_controllerMissingAtRoot_failsNamingItAndMakesNothing() {
        CgroupFixture bare = CgroupFixture.unified(tmp.resolve("bare"), "hugetlb");
        CgroupV2Manager m = bare.v2Manager();

        assertThatThrownBy(() -> m.create(PATH, CgroupLimits.builder().memoryLimit(32 * MIB).pidsLimit(5).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("host lacks cgroup v2 controller(s) memory, pids")
            .hasMessageContaining("cgroup.controllers lists: hugetlb")
            .satisfies(e -> assertThat(((CgroupException) e).path()).contains(bare.cgroupRoot.resolve("cgroup.controllers")));
        assertThat(m.exists(PATH)).isFalse();
        assertThat(bare.files.writes()).isEmpty();
    }

    @Test
    void create_noControllersAtAll_stillCreatesForPlacement() throws Exception {
        CgroupFixture bare = CgroupFixture.unified(tmp.resolve("bare"));
        CgroupV2Manager m = bare.v2Manager();

        m.create(PATH, CgroupLimits.NONE);

        assertThat(m.exists(PATH)).isTrue();
        assertThat(bare.files.writes()).isEmpty();
        CgroupStats stats = m.stats(PATH);
        assertThat(stats.memoryUsageBytes()).isEqualTo(CgroupStats.NOT_AVAILABLE);
        assertThat(stats.cpuUsageNanos()).isZero();
        assertThat(stats.throttledPeriods()).isEqualTo(CgroupStats.NOT_AVAILABLE);
    }

    @Test
    void create_swappiness_failsAsNoV2Equivalent() {
        assertThatThrownBy(() -> manager.create(PATH, CgroupLimits.builder().swappiness(10).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("linux.resources.memory.swappiness");
        assertThat(manager.exists(PATH)).isFalse();
    }

    @Test
    void create_writeRejected_removesWhatItMade() {
        f.files.failWritesTo(f.cgroupRoot.resolve("drydock/c1/pids.max"), "Invalid argument");

        assertThatThrownBy(() -> manager.create(PATH, CgroupLimits.builder().pidsLimit(3).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("pids.max")
            .hasMessageContaining("Invalid argument");
        assertThat(f.cgroupRoot.resolve("drydock")).doesNotExist();
    }

    @Test
    void create_parentWithOwnProcesses_explainsNoInternalProcessRule() throws Exception {
        manager.create(CgroupPath.of("/drydock"), CgroupLimits.NONE);
        f.files.failWritesTo(f.cgroupRoot.resolve("drydock/cgroup.subtree_control"), "Device or resource busy");

        assertThatThrownBy(() -> manager.create(PATH, CgroupLimits.builder().pidsLimit(3).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("cannot enable \"pids\"")
            .hasMessageContaining("has processes of its own");
        assertThat(manager.exists(PATH)).isFalse();
        assertThat(manager.exists(CgroupPath.of("/drydock"))).isTrue();
    }

    @Test
    void create_nameTakenByInterfaceFile_fails() throws Exception {
        manager.create(CgroupPath.of("/drydock"), CgroupLimits.NONE);

        assertThatThrownBy(() -> manager.create(CgroupPath.of("/drydock/cgroup.procs"), CgroupLimits.NONE))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("not a cgroup");
    }

    @Test
    void update_quotaOnly_keepsPeriod() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        f.files.clearWrites();

        manager.update(PATH, CgroupLimits.builder().cpuQuota(20_000).build());

        assertThat(f.files.writes()).containsExactly(w("cpu.max", "20000"));
    }

    @Test
    void update_periodOnly_writesCurrentQuotaBack() throws Exception {
        manager.create(PATH, CgroupLimits.builder().cpuQuota(30_000).build());
        f.files.clearWrites();

        manager.update(PATH, CgroupLimits.builder().cpuPeriod(50_000).build());

        assertThat(f.files.writes()).containsExactly(w("cpu.max", "30000 50000"));
    }

    @Test
    void update_unlimited_writesMax() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        f.files.clearWrites();

        manager.update(PATH, CgroupLimits.builder().memoryLimit(-1).memorySwap(-1).cpuQuota(-1).pidsLimit(-1).build());

        assertThat(f.files.writes()).containsExactly(
            w("memory.max", "max"), w("memory.swap.max", "max"), w("cpu.max", "max"), w("pids.max", "max"));
    }

    @Test
    void update_controllerNotEnabledForCgroup_failsNamingIt() throws Exception {
        CgroupFixture bare = CgroupFixture.unified(tmp.resolve("bare"));
        CgroupV2Manager m = bare.v2Manager();
        m.create(PATH, CgroupLimits.NONE);

        assertThatThrownBy(() -> m.update(PATH, CgroupLimits.builder().memoryLimit(MIB).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("controller(s) memory")
            .hasMessageContaining(PATH.in(bare.cgroupRoot).resolve("cgroup.controllers").toString());
    }

    @Test
    void create_unified_writesVerbatim() throws Exception {
        manager.create(PATH, CgroupLimits.builder().unified("memory.high", "50M").unified("pids.max", "7").build());

        assertThat(f.files.writesUnder(dir())).containsExactly(w("memory.high", "50M"), w("pids.max", "7"));
    }

    @Test
    void create_unifiedKeyWithoutFile_failsNamingKey() {
        assertThatThrownBy(() -> manager.create(PATH, CgroupLimits.builder().unified("memory.nonsense", "1").build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("linux.resources.unified key \"memory.nonsense\"");
        assertThat(manager.exists(PATH)).isFalse();
    }

    @Test
    void addProcessAndPids() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        manager.create(PATH.child("inner"), CgroupLimits.NONE);

        manager.addProcess(PATH.child("inner"), 99);
        manager.addProcess(PATH, 12);

        assertThat(f.read(dir().resolve("cgroup.procs"))).isEqualTo("12");
        assertThat(manager.pids(PATH)).containsExactly(12L, 99L);
    }

    @Test
    void stats_readsV2Files() throws Exception {
        manager.create(PATH, CgroupLimits.builder().memoryLimit(64 * MIB).build());
        f.seed(dir().resolve("memory.current"), "4096\n");
        f.seed(dir().resolve("memory.peak"), "8192\n");
        f.seed(dir().resolve("memory.events"), "low 0\nhigh 0\nmax 5\noom 2\noom_kill 2\noom_group_kill 0\n");
        f.seed(dir().resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 9\nnr_throttled 3\n");
        f.seed(dir().resolve("pids.current"), "4\n");

        assertThat(manager.stats(PATH)).isEqualTo(new CgroupStats(4096, 8192, 64 * MIB, 2, 1_500_000, 3, 4));
    }

    @Test
    void stats_noMemoryLimit_isUnlimited() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);

        assertThat(manager.stats(PATH).memoryLimitBytes()).isEqualTo(CgroupStats.UNLIMITED);
    }

    @Test
    void freezeAndThaw_writeCgroupFreezeAndWaitForEvents() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        f.files.clearWrites();

        manager.freeze(PATH);
        assertThat(f.read(dir().resolve("cgroup.events"))).contains("frozen 1");
        manager.thaw(PATH);

        assertThat(f.files.writes()).containsExactly(w("cgroup.freeze", "1"), w("cgroup.freeze", "0"));
    }

    @Test
    void destroy_processesRemain_refuses() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        manager.addProcess(PATH, 5);

        assertThatThrownBy(() -> manager.destroy(PATH))
            .isInstanceOfSatisfying(CgroupNotEmptyException.class, e -> assertThat(e.pids()).containsExactly(5L));
    }

    @Test
    void destroy_removesTreeAndIsIdempotent() throws Exception {
        manager.create(PATH.child("a").child("b"), CgroupLimits.NONE);

        manager.destroy(PATH);
        manager.destroy(PATH);

        assertThat(dir()).doesNotExist();
        assertThat(f.cgroupRoot.resolve("drydock")).isDirectory();
    }

    @Test
    void forLayout_unifiedHost_picksV2() {
        CgroupManager m = CgroupManager.forLayout(f.layout());

        assertThat(m).isInstanceOf(CgroupV2Manager.class);
        assertThat(m.mode()).isEqualTo(CgroupMode.UNIFIED);
    }

    @Test
    void constructor_layoutWithoutCgroup2_rejected() {
        CgroupLayout legacy = CgroupFixture.legacy(tmp.resolve("l"), "memory").layout();

        assertThatThrownBy(() -> new CgroupV2Manager(legacy))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("needs a cgroup2 mount");
    }
}
