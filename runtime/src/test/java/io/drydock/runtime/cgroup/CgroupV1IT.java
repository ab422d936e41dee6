package io.drydock.runtime.cgroup;

import static io.drydock.runtime.cgroup.ScratchCgroup.read;
import static io.drydock.runtime.cgroup.ScratchCgroup.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** cgroup v1 on the real kernel: needs root and a legacy or hybrid host. */
class CgroupV1IT {
    private static final long MIB = 1024 * 1024;
    private static CgroupLayout layout;

    private ScratchCgroup scratch;
    private CgroupV1Manager manager;
    private CgroupPath path;

    @BeforeAll
    static void detect() throws Exception {
        assumeTrue(ScratchCgroup.isRoot(), "cgroup v1 integration tests need root to write cgroupfs");
        layout = CgroupLayout.detectHost();
        assumeTrue(layout.mode() == CgroupMode.HYBRID || layout.mode() == CgroupMode.LEGACY,
            "host keeps no controllers on cgroup v1: " + layout.describe());
    }

    @BeforeEach
    void scratch() {
        manager = new CgroupV1Manager(layout);
        scratch = new ScratchCgroup(manager);
        // nested, so that cpuset inheritance through a fresh parent is exercised
        path = scratch.cgroup("c1");
    }

    @AfterEach
    void cleanUp() throws Exception {
        scratch.close();
        for (Path mount : layout.v1Hierarchies()) {
            assertThat(scratch.top.in(mount)).as("left behind in " + mount).doesNotExist();
        }
    }

    private Path file(String controller, String name) {
        return path.in(layout.v1Mount(controller).orElseThrow()).resolve(name);
    }

    @Test
    void forHost_picksV1() throws Exception {
        assertThat(CgroupManager.forHost()).isInstanceOf(CgroupV1Manager.class);
    }

    @Test
    void createAndUpdate_limitsReadBackFromKernelFiles() throws Exception {
        manager.create(path, CgroupLimits.builder()
            .memoryLimit(64 * MIB).memorySwap(64 * MIB).memoryReservation(32 * MIB).swappiness(10)
            .cpuShares(512).cpuQuota(50_000).cpuPeriod(100_000).cpus("0").mems("0").pidsLimit(50).build());

        assertThat(read(file("memory", "memory.limit_in_bytes"))).isEqualTo(Long.toString(64 * MIB));
        assertThat(read(file("memory", "memory.memsw.limit_in_bytes"))).isEqualTo(Long.toString(64 * MIB));
        assertThat(read(file("memory", "memory.soft_limit_in_bytes"))).isEqualTo(Long.toString(32 * MIB));
        assertThat(read(file("memory", "memory.swappiness"))).isEqualTo("10");
        assertThat(read(file("cpu", "cpu.shares"))).isEqualTo("512");
        assertThat(read(file("cpu", "cpu.cfs_quota_us"))).isEqualTo("50000");
        assertThat(read(file("cpu", "cpu.cfs_period_us"))).isEqualTo("100000");
        assertThat(read(file("cpuset", "cpuset.cpus"))).isEqualTo("0");
        assertThat(read(file("cpuset", "cpuset.mems"))).isEqualTo("0");
        assertThat(read(file("pids", "pids.max"))).isEqualTo("50");

        // growing needs memsw raised first, shrinking the limit lowered first: both orders on the real kernel
        manager.update(path, CgroupLimits.builder().memoryLimit(128 * MIB).memorySwap(256 * MIB).build());
        assertThat(read(file("memory", "memory.limit_in_bytes"))).isEqualTo(Long.toString(128 * MIB));
        assertThat(read(file("memory", "memory.memsw.limit_in_bytes"))).isEqualTo(Long.toString(256 * MIB));
        manager.update(path, CgroupLimits.builder().memoryLimit(16 * MIB).memorySwap(16 * MIB).cpuQuota(-1).pidsLimit(-1).build());
        assertThat(read(file("memory", "memory.limit_in_bytes"))).isEqualTo(Long.toString(16 * MIB));
        assertThat(read(file("memory", "memory.memsw.limit_in_bytes"))).isEqualTo(Long.toString(16 * MIB));
        assertThat(read(file("cpu", "cpu.cfs_quota_us"))).isEqualTo("-1");
        assertThat(read(file("pids", "pids.max"))).isEqualTo("max");
        assertThat(manager.stats(path).memoryLimitBytes()).isEqualTo(16 * MIB);
    }

    @Test
    void create_kernelTcpAndOomKiller_readBackFromKernelFiles() throws Exception {
        manager.create(path, CgroupLimits.builder().memoryLimit(64 * MIB).kernelTcpMemory(16 * MIB)
            .disableOomKiller(true).build());

        assertThat(read(file("memory", "memory.kmem.tcp.limit_in_bytes"))).isEqualTo(Long.toString(16 * MIB));
        assertThat(read(file("memory", "memory.oom_control"))).contains("oom_kill_disable 1");
    }

    @Test
    void create_kernelMemory_appliedWhereEnforced_elseRefusedNamingTheField() throws Exception {
        CgroupLimits limits = CgroupLimits.builder().memoryLimit(64 * MIB).kernelMemory(32 * MIB).build();
        // Linux 5.16 stopped enforcing memory.kmem.limit_in_bytes; writes are ignored or refused.
        if (kernelAtLeast(5, 16)) {
            assertThatThrownBy(() -> manager.create(path, limits)).isInstanceOf(CgroupException.class)
                .hasMessageContaining("linux.resources.memory.kernel").hasMessageContaining("not supported");
            assertThat(manager.exists(path)).isFalse();
        } else {
            manager.create(path, limits);
            assertThat(read(file("memory", "memory.kmem.limit_in_bytes"))).isEqualTo(Long.toString(32 * MIB));
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version").split("[.-]");
        int ma = Integer.parseInt(v[0]);
        int mi = Integer.parseInt(v[1]);
        return ma > major || (ma == major && mi >= minor);
    }

    @Test
    void create_kernelRejectsValue_failsNamingFileAndRemovesDirs() {
        // a CPU number beyond any real host's: the kernel answers EINVAL
        CgroupLimits limits = CgroupLimits.builder().cpus("4095").build();

        assertThatThrownBy(() -> manager.create(path, limits))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("cpuset.cpus")
            .hasMessageContaining("\"4095\"");
        assertThat(manager.exists(path)).isFalse();
        assertThat(manager.exists(scratch.top)).isFalse();
    }

    @Test
    void primeAttach_leavesThisProcessWhereItWas_andTheAttachStillWorks() throws Exception {
        String before = Files.readString(Path.of("/proc/self/cgroup"));
        manager.create(path, CgroupLimits.NONE);
        Process sleep = scratch.start("sleep", "30");

        manager.primeAttach();
        manager.addProcess(path, sleep.pid());

        assertThat(manager.pids(path)).containsExactly(sleep.pid());
        // The primer's thread may still be writing; once it is done nothing of ours has moved.
        for (int i = 0; i < 200 && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("drydock-cgroup-primer")); i++) {
            Thread.sleep(10);
        }
        assertThat(Files.readString(Path.of("/proc/self/cgroup"))).isEqualTo(before);
        sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void realProcess_joinsEveryHierarchy_freezes_andBlocksDestroyUntilKilled() throws Exception {
        manager.create(path, CgroupLimits.builder().pidsLimit(10).build());
        Process sleep = scratch.start("sleep", "30");

        manager.addProcess(path, sleep.pid());

        assertThat(manager.pids(path)).containsExactly(sleep.pid());
        assertThat(manager.pids(scratch.top)).containsExactly(sleep.pid());
        String procCgroup = Files.readString(Path.of("/proc", Long.toString(sleep.pid()), "cgroup"));
        assertThat(procCgroup).contains(":memory:" + path.value()).contains(":pids:" + path.value())
            .contains(":cpuset:" + path.value());
        CgroupStats stats = manager.stats(path);
        assertThat(stats.pidsCurrent()).isEqualTo(1);
        assertThat(stats.cpuUsageNanos()).isGreaterThanOrEqualTo(0);
        assertThat(stats.oomKills()).isZero();

        manager.freeze(path);
        assertThat(read(file("freezer", "freezer.state"))).isEqualTo("FROZEN");
        manager.thaw(path);
        assertThat(read(file("freezer", "freezer.state"))).isEqualTo("THAWED");

        assertThatThrownBy(() -> manager.destroy(scratch.top))
            .isInstanceOfSatisfying(CgroupNotEmptyException.class, e -> assertThat(e.pids()).containsExactly(sleep.pid()));
        sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(manager.pids(path)).isEmpty();
        manager.destroy(scratch.top);
        assertThat(manager.exists(scratch.top)).isFalse();
    }

    @Test
    void memoryLimit_oomKillsAllocatorAndStatsCountIt() throws Exception {
        // memory+swap = memory: no swap to escape into
        manager.create(path, CgroupLimits.builder().memoryLimit(32 * MIB).memorySwap(32 * MIB).build());
        // dd allocates a 200 MiB buffer and touches all of it reading /dev/zero
        Process hog = scratch.startGated("exec dd if=/dev/zero of=/dev/null bs=200M count=1");
        manager.addProcess(path, hog.pid());

        release(hog);

        assertThat(hog.waitFor(60, TimeUnit.SECONDS)).as("allocator finished").isTrue();
        assertThat(hog.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        CgroupStats stats = manager.stats(path);
        assertThat(stats.oomKills()).isGreaterThanOrEqualTo(1);
        assertThat(stats.memoryPeakBytes()).isLessThanOrEqualTo(32 * MIB);
        assertThat(stats.memoryLimitBytes()).isEqualTo(32 * MIB);
    }

    @Test
    void pidsLimit_makesForkFail() throws Exception {
        manager.create(path, CgroupLimits.builder().pidsLimit(1).build());
        Process shell = scratch.startGated("/bin/true; echo forked");
        manager.addProcess(path, shell.pid());

        release(shell);

        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(shell.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("forked");
        assertThat(err).containsIgnoringCase("fork");
        assertThat(shell.exitValue()).isNotZero();
        assertThat(read(file("pids", "pids.events"))).matches("max [1-9][0-9]*");
    }
}
