package io.drydock.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationPrimerTest {
    private static final String HYBRID = """
        12:pids:/user.slice/user-0.slice
        11:cpu,cpuacct:/user.slice
        1:name=systemd:/user.slice/session-1.scope
        0::/user.slice/session-1.scope
        """;

    @Test
    void ownCgroup_v1Controller_readsItsHierarchyLine() {
        assertThat(MigrationPrimer.ownCgroup(HYBRID, "pids")).contains("/user.slice/user-0.slice");
        assertThat(MigrationPrimer.ownCgroup(HYBRID, "cpuacct")).contains("/user.slice");
    }

    @Test
    void ownCgroup_v2_readsTheZeroLine() {
        assertThat(MigrationPrimer.ownCgroup(HYBRID, null)).contains("/user.slice/session-1.scope");
        assertThat(MigrationPrimer.ownCgroup("0::/\n", null)).contains("/");
    }

    @Test
    void ownCgroup_missingOrDeleted_isEmpty() {
        assertThat(MigrationPrimer.ownCgroup(HYBRID, "memory")).isEmpty();
        assertThat(MigrationPrimer.ownCgroup("5:pids:/gone (deleted)\n", "pids")).isEmpty();
        assertThat(MigrationPrimer.ownCgroup("garbage\n", "pids")).isEmpty();
    }

    @Test
    void forThisProcess_targetsOwnCgroupProcsUnderTheMount(@TempDir Path dir) throws Exception {
        Path mount = dir.resolve("pids");
        Files.createDirectories(mount.resolve("user.slice/user-0.slice"));
        Files.writeString(mount.resolve("user.slice/user-0.slice/cgroup.procs"), "");
        Path self = dir.resolve("cgroup");
        Files.writeString(self, HYBRID);

        MigrationPrimer primer = MigrationPrimer.forThisProcess(mount, "pids", self).orElseThrow();

        assertThat(primer.target()).isEqualTo(mount.resolve("user.slice/user-0.slice/cgroup.procs"));
    }

    @Test
    void forThisProcess_noSuchCgroupFile_isEmpty(@TempDir Path dir) throws Exception {
        Path self = dir.resolve("cgroup");
        Files.writeString(self, HYBRID);
        assertThat(MigrationPrimer.forThisProcess(dir, "pids", self)).isEmpty();
        assertThat(MigrationPrimer.forThisProcess(dir, "pids", dir.resolve("absent"))).isEmpty();
    }
}
