package io.drydock.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLayoutTest {
    @TempDir
    Path tmp;

    @Test
    void detect_hybridMountinfo_controllersOnV1AndUnifiedMount() {
        CgroupFixture f = CgroupFixture.hybrid(tmp, "hugetlb");

        CgroupLayout layout = f.layout();

        assertThat(layout.mode()).isEqualTo(CgroupMode.HYBRID);
        assertThat(layout.v1Controllers()).containsOnlyKeys(
            "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids");
        assertThat(layout.v1Mount("memory")).contains(f.mount("memory"));
        assertThat(layout.unifiedMount()).contains(f.mount("unified"));
        assertThat(layout.v2Controllers()).containsExactly("hugetlb");
        assertThat(layout.v1Hierarchies()).hasSize(8);
    }

    @Test
    void detect_legacyMountinfo_coMountedControllersShareOneHierarchy() {
        CgroupFixture f = CgroupFixture.legacy(tmp, "cpu", "cpuacct", "memory", "pids");

        CgroupLayout layout = f.layout();

        assertThat(layout.mode()).isEqualTo(CgroupMode.LEGACY);
        assertThat(layout.unifiedMount()).isEmpty();
        assertThat(layout.v1Mount("cpu")).contains(f.mount("cpu,cpuacct"));
        assertThat(layout.v1Mount("cpuacct")).contains(f.mount("cpu,cpuacct"));
        assertThat(layout.v1Hierarchies()).containsExactly(f.mount("cpu,cpuacct"), f.mount("memory"), f.mount("pids"));
    }

    @Test
    void detect_unifiedMountinfo_readsRootControllers() {
        CgroupFixture f = CgroupFixture.unified(tmp, "cpuset", "cpu", "io", "memory", "pids");

        CgroupLayout layout = f.layout();

        assertThat(layout.mode()).isEqualTo(CgroupMode.UNIFIED);
        assertThat(layout.v1Controllers()).isEmpty();
        assertThat(layout.unifiedMount()).contains(f.cgroupRoot);
        assertThat(layout.v2Controllers()).containsExactly("cpuset", "cpu", "io", "memory", "pids");
    }

    @Test
    void detect_noCgroupMounts_modeNone() {
        assertThat(CgroupFixture.none(tmp).layout().mode()).isEqualTo(CgroupMode.NONE);
    }

    @Test
    void detect_onlyNamedV1HierarchyBesideCgroup2_isUnified() throws Exception {
        Files.writeString(tmp.resolve("mountinfo"), """
            25 1 0:23 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate
            26 25 0:24 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd
            """);

        CgroupLayout layout = CgroupLayout.detect(tmp.resolve("mountinfo"));

        assertThat(layout.mode()).isEqualTo(CgroupMode.UNIFIED);
        assertThat(layout.v2Controllers()).isEmpty();
    }

    @Test
    void detect_escapedMountPoint_isUnescaped() throws Exception {
        Files.writeString(tmp.resolve("mountinfo"),
            "40 1 0:40 / /mnt/my\\040cgroups/memory rw - cgroup cgroup rw,memory\n");

        CgroupLayout layout = CgroupLayout.detect(tmp.resolve("mountinfo"));

        assertThat(layout.v1Mount("memory")).contains(Path.of("/mnt/my cgroups/memory"));
    }

    @Test
    void detect_bindMountOfSameController_firstMountWins() throws Exception {
        Files.writeString(tmp.resolve("mountinfo"), """
            40 1 0:40 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
            41 1 0:40 /sub /elsewhere rw - cgroup cgroup rw,memory
            """);

        assertThat(CgroupLayout.detect(tmp.resolve("mountinfo")).v1Mount("memory"))
            .contains(Path.of("/sys/fs/cgroup/memory"));
    }

    @Test
    void detect_malformedLine_failsNamingFileAndLine() throws Exception {
        Path mountinfo = tmp.resolve("mountinfo");
        Files.writeString(mountinfo, "25 1 0:23 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\ngarbage\n");

        assertThatThrownBy(() -> CgroupLayout.detect(mountinfo))
            .isInstanceOf(CgroupException.class)
            .hasMessageContaining(mountinfo.toString())
            .hasMessageContaining("line 2");
    }

    @Test
    void detect_missingMountinfo_failsNamingIt() {
        Path missing = tmp.resolve("nope");

        assertThatThrownBy(() -> CgroupLayout.detect(missing))
            .isInstanceOf(CgroupException.class)
            .satisfies(e -> assertThat(((CgroupException) e).path()).contains(missing));
    }

    @Test
    void describe_hybrid_namesBothSides() {
        CgroupFixture f = CgroupFixture.hybrid(tmp);

        assertThat(f.layout().describe()).startsWith("hybrid (v1: cpu cpuacct")
            .contains("v2 at " + f.mount("unified") + ": no controllers");
    }
}
