package io.drydock.results.machine;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.schema.MachineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineInfoCollectorTest {
    @TempDir
    Path root;

    private static final String CPUINFO = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC 7B13 64-Core Processor
            flags\t\t: fpu vme

            processor\t: 1
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC 7B13 64-Core Processor
            """;
    private static final String HYBRID = """
            25 30 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
            26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw,nsdelegate
            27 25 0:24 / /sys/fs/cgroup/memory rw,nosuid shared:11 - cgroup cgroup rw,memory
            """;
    private static final String V2 = "35 30 0:30 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n";
    private static final String V1 = "27 25 0:24 / /sys/fs/cgroup/memory rw,nosuid shared:11 - cgroup cgroup rw,memory\n";

    private void layout(String mountinfo, boolean kvm) throws Exception {
        Files.createDirectories(root.resolve("proc/self"));
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("proc/cpuinfo"), CPUINFO);
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:       25165824 kB\nMemFree:  1 kB\n");
        Files.writeString(root.resolve("proc/self/mountinfo"), mountinfo);
        if (kvm) {
            Files.createFile(root.resolve("dev/kvm"));
        }
    }

    private static CommandRunner tools(Map<String, String> banners) {
        return (List<String> cmd) -> Optional.ofNullable(banners.get(cmd.get(0)));
    }

    @Test
    void collect_readsProcAndAsksTools_recordingAbsentToolsAsAbsent() throws Exception {
        layout(HYBRID, false);
        MachineInfo m = new MachineInfoCollector(root, tools(Map.of(
                "uname", "Linux 6.18.0 x86_64\n",
                "runc", "runc version 1.1.5+ds1\ncommit: unknown\nspec: 1.0.2-dev\n",
                "crun", "crun version 1.8.1\ncommit: abc\n",
                "libvirtd", "libvirtd (libvirt) 9.0.0\n")), "0.1.0", "25+36").collect();
        assertThat(m.kernel()).isEqualTo("Linux 6.18.0 x86_64");
        assertThat(m.cpuModel()).isEqualTo("AMD EPYC 7B13 64-Core Processor");
        assertThat(m.cpuCount()).isEqualTo(2);
        assertThat(m.memoryBytes()).isEqualTo(25165824L * 1024);
        assertThat(m.cgroupMode()).isEqualTo("hybrid");
        assertThat(m.virtualization()).isEqualTo("tcg");
        assertThat(m.versions()).containsEntry("runc", "1.1.5+ds1").containsEntry("crun", "1.8.1")
                .containsEntry("libvirt", "9.0.0").containsEntry("qemu", null)
                .containsEntry("drydock", "0.1.0").containsEntry("jdk", "25+36");
        assertThat(m.versionOf("qemu")).isEqualTo("absent");
    }

    @Test
    void collect_withUsableDevKvm_recordsKvm() throws Exception {
        layout(V2, true);
        MachineInfo m = new MachineInfoCollector(root, tools(Map.of()), "x", "y").collect();
        assertThat(m.virtualization()).isEqualTo("kvm");
        assertThat(m.cgroupMode()).isEqualTo("v2");
    }

    @Test
    void cgroupMode_tellsTheThreeLayoutsApart() {
        assertThat(MachineInfoCollector.cgroupMode(HYBRID)).isEqualTo("hybrid");
        assertThat(MachineInfoCollector.cgroupMode(V2)).isEqualTo("v2");
        assertThat(MachineInfoCollector.cgroupMode(V1)).isEqualTo("v1");
        assertThat(MachineInfoCollector.cgroupMode("")).isEqualTo("unknown");
    }

    @Test
    void firstVersion_findsTheVersionInTypicalBanners() {
        assertThat(MachineInfoCollector.firstVersion("QEMU emulator version 7.2.15 (Debian 1:7.2+dfsg-7+deb12u13)\n"))
                .isEqualTo("7.2.15");
        assertThat(MachineInfoCollector.firstVersion("no digits here")).isEqualTo("no digits here");
    }

    @Test
    void processRunner_missingTool_isEmptyNotAnError() {
        assertThat(new ProcessCommandRunner(2000).run(List.of("drydock-no-such-tool-" + System.nanoTime(), "--version")))
                .isEmpty();
        assertThat(new ProcessCommandRunner(2000).run(List.of("uname", "-s"))).hasValueSatisfying(
                s -> assertThat(s).contains("Linux"));
    }
}
