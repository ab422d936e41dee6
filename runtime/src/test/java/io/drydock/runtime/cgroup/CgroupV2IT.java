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

/**
 * cgroup v2 on the real kernel: the host's cgroup2 mount, whether the host is unified or hybrid
 * (where it is usually /sys/fs/cgroup/unified with no controllers). Placement, listing, freezing
 * and removal work without controllers; each limit is tested where its controller is offered, and
 * otherwise the manager must refuse it naming the missing controller.
 */
class CgroupV2IT {
    private static final long MIB = 1024 * 1024;
    private static CgroupLayout layout;
    private static Path mount;

    private ScratchCgroup scratch;
    private CgroupV2Manager manager;
    private CgroupPath path;

    @BeforeAll
    static void detect() throws Exception {
        assumeTrue(ScratchCgroup.isRoot(), "cgroup v2 integration tests need root to write cgroupfs");
        layout = CgroupLayout.detectHost();
        assumeTrue(layout.unifiedMount().isPresent(), "host has no cgroup2 mount: " + layout.describe());
        mount = layout.unifiedMount().orElseThrow();
    }

    @BeforeEach
    void scratch() {
        manager = new CgroupV2Manager(layout);
        scratch = new ScratchCgroup(manager);
        path = scratch.cgroup("c1");
    }

    @AfterEach
    void cleanUp() throws Exception {
        scratch.close();
        assertThat(scratch.top.in(mount)).doesNotExist();
    }

    private Path file(String name) {
        return path.in(mount).resolve(name);
    }

    private boolean offered(String controller) {
        return layout.v2Controllers().contains(controller);
    }

    @Test
    void realProcess_placedListedFrozenAndBlocksDestroyUntilKilled() throws Exception {
        manager.create(path, CgroupLimits.NONE);
        assertThat(path.in(mount)).isDirectory();
        Process sleep = scratch.start("sleep", "30");

        manager.addProcess(path, sleep.pid());

        assertThat(manager.pids(path)).containsExactly(sleep.pid());
        assertThat(Files.readAllLines(Path.of("/proc", Long.toString(sleep.pid()), "cgroup")))
            .contains("0::" + path.value());
        CgroupStats stats = manager.stats(path);
        // cpu.stat's usage is core cgroup v2, there with or without the cpu controller
        assertThat(stats.cpuUsageNanos()).isGreaterThanOrEqualTo(0);

        manager.freeze(path);
        assertThat(read(file("cgroup.events"))).contains("frozen 1");
        String state = Files.readAllLines(Path.of("/proc", Long.toString(sleep.pid()), "status")).stream()
            .filter(l -> l.startsWith("State:")).findFirst().orElseThrow();
        assertThat(state).doesNotContain("R (running)");
        manager.thaw(path);
        assertThat(read(file("cgroup.events"))).contains("frozen 0");

        assertThatThrownBy(() -> manager.destroy(scratch.top))
            .isInstanceOfSatisfying(CgroupNotEmptyException.class, e -> assertThat(e.pids()).containsExactly(sleep.pid()));
        sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        manager.destroy(scratch.top);
        assertThat(manager.exists(scratch.top)).isFalse();
    }

    @Test
    void memoryLimit_whereOffered_oomKills_elseRefusedNamingController() throws Exception {
        CgroupLimits limits = CgroupLimits.builder().memoryLimit(32 * MIB).memorySwap(32 * MIB).build();
        if (!offered("memory")) {
            assertThatThrownBy(() -> manager.create(path, limits))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("host lacks cgroup v2 controller(s) memory")
                .hasMessageContaining(mount.resolve("cgroup.controllers").toString());
            assertThat(manager.exists(scratch.top)).isFalse();
            return;
        }
        manager.create(path, limits);
        assertThat(read(file("memory.max"))).isEqualTo(Long.toString(32 * MIB));
        assertThat(read(file("memory.swap.max"))).isEqualTo("0");
        Process hog = scratch.startGated("exec dd if=/dev/zero of=/dev/null bs=200M count=1");
        manager.addProcess(path, hog.pid());

        release(hog);

        assertThat(hog.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(hog.exitValue()).isEqualTo(128 + 9);
        assertThat(manager.stats(path).oomKills()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void pidsLimit_whereOffered_makesForkFail_elseRefusedNamingController() throws Exception {
        CgroupLimits limits = CgroupLimits.builder().pidsLimit(1).build();
        if (!offered("pids")) {
            assertThatThrownBy(() -> manager.create(path, limits))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("host lacks cgroup v2 controller(s) pids");
            assertThat(manager.exists(scratch.top)).isFalse();
            return;
        }
        manager.create(path, limits);
        assertThat(read(file("pids.max"))).isEqualTo("1");
        Process shell = scratch.startGated("/bin/true; echo forked");
        manager.addProcess(path, shell.pid());

        release(shell);

        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("forked");
        assertThat(shell.exitValue()).isNotZero();
    }

    @Test
    void cpuLimits_whereOffered_readBack_elseRefusedNamingController() throws Exception {
        CgroupLimits limits = CgroupLimits.builder().cpuShares(1024).cpuQuota(50_000).cpuPeriod(100_000).build();
        if (!offered("cpu")) {
            assertThatThrownBy(() -> manager.create(path, limits))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("host lacks cgroup v2 controller(s) cpu");
            assertThat(manager.exists(scratch.top)).isFalse();
            return;
        }
        manager.create(path, limits);
        assertThat(read(file("cpu.weight"))).isEqualTo("39");
        assertThat(read(file("cpu.max"))).isEqualTo("50000 100000");
    }

    @Test
    void update_limitWithoutController_refusedNamingCgroupControllersFile() throws Exception {
        manager.create(path, CgroupLimits.NONE);
        assumeTrue(!read(file("cgroup.controllers")).contains("memory"),
            "memory is enabled for this cgroup on this host, so there is no refusal to observe");

        assertThatThrownBy(() -> manager.update(path, CgroupLimits.builder().memoryLimit(MIB).build()))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining("controller(s) memory")
            .hasMessageContaining(file("cgroup.controllers").toString());
    }
}
