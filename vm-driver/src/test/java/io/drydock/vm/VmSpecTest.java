package io.drydock.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmSpecTest {
    private static final VmSpec BASE = VmSpec.of("drydock-t", Path.of("/rootfs"), "sh");

    @Test
    void kernelArgs_areKeptByEveryWither() {
        VmSpec s = BASE.withKernelArgs(List.of("cgroup_no_v1=all", "systemd.unified_cgroup_hierarchy=1"));
        assertThat(s.withLimits(512, 2).withRoot(VmSpec.RootMode.DISK).withVolumes(List.of()).kernelArgs())
            .containsExactly("cgroup_no_v1=all", "systemd.unified_cgroup_hierarchy=1");
        assertThat(BASE.kernelArgs()).isEmpty();
    }

    @Test
    void kernelArgs_withSpaceOrNewline_isRefusedNamingTheField() {
        assertThatThrownBy(() -> BASE.withKernelArgs(List.of("quiet init=/bin/sh")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernelArgs").hasMessageContaining("quiet init=/bin/sh");
        assertThatThrownBy(() -> BASE.withKernelArgs(List.of("a\nb"))).hasMessageContaining("kernelArgs");
        assertThatThrownBy(() -> BASE.withKernelArgs(List.of(""))).hasMessageContaining("kernelArgs");
    }

    @Test
    void kernelArgs_cannotOverrideDrydocksOwnKeys() {
        for (String a : List.of("drydock.ip=10.0.0.9/24", "rdinit=/bin/sh", "console=tty0")) {
            assertThatThrownBy(() -> BASE.withKernelArgs(List.of(a))).as(a).hasMessageContaining("kernelArgs");
        }
    }

    @Test
    void guestCmdline_appendsTheExtraWordsAfterDrydocksOwn() {
        String line = GuestCmdline.of(MachineType.PC, null, List.of("cgroup_no_v1=all"));
        assertThat(line).startsWith("console=ttyS0 ").endsWith(" rdinit=" + InitramfsBuilder.INIT_PATH + " cgroup_no_v1=all");
        assertThat(GuestCmdline.of(MachineType.PC, null)).isEqualTo(GuestCmdline.of(MachineType.PC, null, List.of()));
    }
}
