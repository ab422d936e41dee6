package io.drydock.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.cgroup.FixtureCgroupFiles.Write;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV1ManagerTest {
    private static final long MIB = 1024 * 1024;
    private static final CgroupPath PATH = CgroupPath.of("/drydock/c1");

    @TempDir
    Path tmp;

    private CgroupFixture f;
    private CgroupV1Manager manager;

    @BeforeEach
    void hybridHost() {
        f = CgroupFixture.hybrid(tmp);
        manager = f.v1Manager();
    }

    private Path dir(String hierarchy) {
        return PATH.in(f.mount(hierarchy));
    }

    private Write w(String hierarchy, String file, String value) {
        return new Write(dir(hierarchy).resolve(file), value);
    }

    @Test
    void create_allLimits_writesEachV1FileInOrder() throws Exception {
        CgroupLimits limits = CgroupLimits.builder()
            .memoryLimit(32 * MIB).memorySwap(64 * MIB).memoryReservation(16 * MIB).swappiness(0)
            .cpuShares(512).cpuQuota(50_000).cpuPeriod(100_000).cpus("1").mems("0")
            .pidsLimit(10).build();

        manager.create(PATH, limits);

        Path parentCpuset = f.mount("cpuset").resolve("drydock");
        assertThat(f.files.writes()).containsExactly(
            // cpuset inherited top-down before anything else
            new Write(parentCpuset.resolve("cpuset.cpus"), "0-3"),
            new Write(parentCpuset.resolve("cpuset.mems"), "0"),
            w("cpuset", "cpuset.cpus", "0-3"),
            w("cpuset", "cpuset.mems", "0"),
            // limit shrinks from unlimited: limit first, then memory+swap
            w("memory", "memory.limit_in_bytes", Long.toString(32 * MIB)),
            w("memory", "memory.memsw.limit_in_bytes", Long.toString(64 * MIB)),
            w("memory", "memory.soft_limit_in_bytes", Long.toString(16 * MIB)),
            w("memory", "memory.swappiness", "0"),
            w("cpu", "cpu.shares", "512"),
            w("cpu", "cpu.cfs_period_us", "100000"),
            w("cpu", "cpu.cfs_quota_us", "50000"),
            w("cpuset", "cpuset.cpus", "1"),
            w("cpuset", "cpuset.mems", "0"),
            w("pids", "pids.max", "10"));
        assertThat(f.read(dir("memory").resolve("memory.memsw.limit_in_bytes"))).isEqualTo(Long.toString(64 * MIB));
    }

    @Test
    void create_noLimits_makesDirectoryInEveryControllerHierarchy() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);

        for (String h : List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids")) {
            assertThat(dir(h)).as(h).isDirectory();
        }
        // named hierarchies (name=systemd) carry no controller and are left alone
        assertThat(PATH.in(f.mount("systemd"))).doesNotExist();
        assertThat(PATH.in(f.mount("unified"))).doesNotExist();
        assertThat(manager.exists(PATH)).isTrue();
    }

    @Test
    void create_existingParentWithCpuset_keepsParentValues() throws Exception {
        manager.create(CgroupPath.of("/drydock"), CgroupLimits.builder().cpus("2-3").build());
        f.files.clearWrites();

        manager.create(PATH, CgroupLimits.NONE);

        assertThat(f.files.writes()).containsExactly(w("cpuset", "cpuset.cpus", "2-3"), w("cpuset", "cpuset.mems", "0"));
    }

    @Test
    void update_memoryGrows_raisesMemswBeforeLimit() throws Exception {
        manager.create(PATH, CgroupLimits.builder().memoryLimit(32 * MIB).memorySwap(32 * MIB).build());
        f.files.clearWrites();

        manager.update(PATH, CgroupLimits.builder().memoryLimit(64 * MIB).memorySwap(128 * MIB).build());

        assertThat(f.files.writes()).containsExactly(
            w("memory", "memory.memsw.limit_in_bytes", Long.toString(128 * MIB)),
            w("memory", "memory.limit_in_bytes", Long.toString(64 * MIB)));
    }

    @Test
    void update_unlimitedEverything_writesMinusOneAndMax() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        f.files.clearWrites();

        manager.update(PATH, CgroupLimits.builder().memoryLimit(-1).memorySwap(-1).cpuQuota(-1).pidsLimit(-1).build());

        assertThat(f.files.writes()).containsExactly(
            w("memory", "memory.memsw.limit_in_bytes", "-1"),
            w("memory", "memory.limit_in_bytes", "-1"),
            w("cpu", "cpu.cfs_quota_us", "-1"),
            w("pids", "pids.max", "max"));
    }

    @Test
    void update_missingCgroup_failsNamingDirectory() {
        assertThatThrownBy(() -> manager.update(PATH, CgroupLimits.builder().pidsLimit(5).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining(dir("pids").toString())
            .hasMessageContaining("does not exist");
    }

    @Test
    void create_unifiedLimits_failsSayingV2AndMakesNothing() {
        CgroupLimits limits = CgroupLimits.builder().unified("memory.high", "100M").build();

        assertThatThrownBy(() -> manager.create(PATH, limits))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("linux.resources.unified")
            .hasMessageContaining("cgroup v2");
        assertThat(manager.exists(PATH)).isFalse();
    }

    @Test
    void create_controllerNotMounted_failsNamingItAndMakesNothing() {
        CgroupFixture legacy = CgroupFixture.legacy(tmp.resolve("legacy"), "cpu", "cpuacct", "memory");
        CgroupV1Manager m = legacy.v1Manager();

        assertThatThrownBy(() -> m.create(PATH, CgroupLimits.builder().pidsLimit(5).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("\"pids\" controller")
            .hasMessageContaining("linux.resources.pids")
            .hasMessageContaining(legacy.mountinfo.toString());
        assertThat(m.exists(PATH)).isFalse();
    }

    @Test
    void create_swapWithoutSwapAccounting_failsClearly() throws Exception {
        Files.delete(f.mount("memory").resolve("memory.memsw.limit_in_bytes"));

        assertThatThrownBy(() -> manager.create(PATH, CgroupLimits.builder().memoryLimit(MIB).memorySwap(2 * MIB).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("swapaccount=1");
        assertThat(manager.exists(PATH)).isFalse();
    }

    @Test
    void create_kernelRejectsWrite_removesWhatItMadeAndNamesFile() {
        Path sharesFile = dir("cpu").resolve("cpu.shares");
        f.files.failWritesTo(sharesFile, "Invalid argument");

        assertThatThrownBy(() -> manager.create(PATH, CgroupLimits.builder().cpuShares(512).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining(sharesFile.toString())
            .hasMessageContaining("\"512\"")
            .hasMessageContaining("Invalid argument")
            .satisfies(e -> assertThat(((CgroupException) e).path()).contains(sharesFile));
        assertThat(manager.exists(PATH)).isFalse();
        assertThat(f.mount("cpu").resolve("drydock")).doesNotExist();
    }

    @Test
    void addProcess_writesPidToEveryHierarchy() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        f.files.clearWrites();

        manager.addProcess(PATH, 4242);

        assertThat(f.files.writes()).hasSize(8).allSatisfy(wr -> {
            assertThat(wr.file().getFileName().toString()).isEqualTo("cgroup.procs");
            assertThat(wr.value()).isEqualTo("4242");
        });
        assertThat(manager.pids(PATH)).containsExactly(4242L);
    }

    @Test
    void pids_unionOfHierarchiesAndDescendants() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        manager.create(PATH.child("sub"), CgroupLimits.NONE);
        f.seed(dir("memory").resolve("cgroup.procs"), "30\n10\n");
        f.seed(dir("pids").resolve("cgroup.procs"), "10\n20\n");
        f.seed(dir("cpu").resolve("sub/cgroup.procs"), "40\n");

        assertThat(manager.pids(PATH)).containsExactly(10L, 20L, 30L, 40L);
    }

    @Test
    void stats_readsV1AccountingFiles() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        f.seed(dir("memory").resolve("memory.usage_in_bytes"), "1048576\n");
        f.seed(dir("memory").resolve("memory.max_usage_in_bytes"), "2097152\n");
        f.seed(dir("memory").resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
        f.seed(dir("cpuacct").resolve("cpuacct.usage"), "123456789\n");
        f.seed(dir("cpu").resolve("cpu.stat"), "nr_periods 10\nnr_throttled 4\nthrottled_time 99\n");
        f.seed(dir("pids").resolve("pids.current"), "2\n");

        CgroupStats stats = manager.stats(PATH);

        assertThat(stats).isEqualTo(new CgroupStats(1048576, 2097152, CgroupStats.UNLIMITED, 3, 123456789, 4, 2));
    }

    @Test
    void stats_limitSetAndOldKernelWithoutOomKill() throws Exception {
        manager.create(PATH, CgroupLimits.builder().memoryLimit(32 * MIB).build());
        f.seed(dir("memory").resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\n");

        CgroupStats stats = manager.stats(PATH);

        assertThat(stats.memoryLimitBytes()).isEqualTo(32 * MIB);
        assertThat(stats.oomKills()).isEqualTo(CgroupStats.NOT_AVAILABLE);
    }

    @Test
    void stats_missingCgroup_fails() {
        assertThatThrownBy(() -> manager.stats(PATH)).isInstanceOf(CgroupException.class).hasMessageContaining("does not exist");
    }

    @Test
    void freezeAndThaw_writeFreezerState() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        f.files.clearWrites();

        manager.freeze(PATH);
        assertThat(f.read(dir("freezer").resolve("freezer.state"))).isEqualTo("FROZEN");
        manager.thaw(PATH);

        assertThat(f.files.writes()).containsExactly(w("freezer", "freezer.state", "FROZEN"), w("freezer", "freezer.state", "THAWED"));
    }

    @Test
    void destroy_processesRemain_refusesListingThem() throws Exception {
        manager.create(PATH, CgroupLimits.NONE);
        manager.addProcess(PATH, 77);

        assertThatThrownBy(() -> manager.destroy(PATH))
            .isInstanceOfSatisfying(CgroupNotEmptyException.class, e -> {
                assertThat(e.pids()).containsExactly(77L);
                assertThat(e.cgroup()).isEqualTo(PATH);
            })
            .hasMessageContaining("[77]")
            .hasMessageContaining("kill them");
        assertThat(manager.exists(PATH)).isTrue();
    }

    @Test
    void destroy_removesCgroupAndDescendantsEverywhereButKeepsParent() throws Exception {
        manager.create(PATH.child("sub"), CgroupLimits.NONE);

        manager.destroy(PATH);

        assertThat(manager.exists(PATH)).isFalse();
        for (String h : List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids")) {
            assertThat(dir(h)).as(h).doesNotExist();
            assertThat(f.mount(h).resolve("drydock")).as(h).isDirectory();
        }
        manager.destroy(PATH); // absent is not an error
    }

    @Test
    void addProcess_cgroupMissing_fails() {
        assertThatThrownBy(() -> manager.addProcess(PATH, 1)).isInstanceOf(CgroupException.class)
            .hasMessageContaining("create it first");
    }

    @Test
    void forLayout_picksV1ForHybridAndLegacy() {
        assertThat(CgroupManager.forLayout(f.layout())).isInstanceOf(CgroupV1Manager.class);
        assertThat(CgroupManager.forLayout(CgroupFixture.legacy(tmp.resolve("l"), "memory").layout()))
            .isInstanceOf(CgroupV1Manager.class)
            .extracting(CgroupManager::mode).isEqualTo(CgroupMode.LEGACY);
    }

    @Test
    void unsupported_noCgroups_failsSayingWhatHostLacks() throws Exception {
        CgroupFixture none = CgroupFixture.none(tmp.resolve("none"));
        CgroupManager m = CgroupManager.forLayout(none.layout());

        assertThat(m).isInstanceOf(UnsupportedCgroups.class);
        assertThatThrownBy(() -> m.create(PATH, CgroupLimits.NONE))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("no cgroup controller hierarchy")
            .hasMessageContaining(none.mountinfo.toString());
        assertThat(m.exists(PATH)).isFalse();
        m.destroy(PATH);
        assertThat(m.mode()).isEqualTo(CgroupMode.NONE);
    }
}
