package io.drydock.platform.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.platform.InstanceSpec;
import io.drydock.vm.VmSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmPlatformTest {
    @Test
    void toVmSpec_limits_roundUpToWholeMiBAndVcpus() {
        InstanceSpec spec = new InstanceSpec(Path.of("/rootfs"), List.of("sh"), List.of("PATH=/bin"),
            new InstanceSpec.Limits((100L << 20) + 1, 1.5, null));
        VmSpec vm = VmPlatform.toVmSpec("drydock-0000abcd", "busybox", spec);
        assertThat(vm.memoryMiB()).isEqualTo(101);
        assertThat(vm.vcpus()).isEqualTo(2);
        assertThat(vm.args()).containsExactly("sh");
        assertThat(vm.root()).isEqualTo(VmSpec.RootMode.INITRAMFS);
        assertThat(vm.network()).isNull();
    }

    @Test
    void toVmSpec_noLimits_defaultSize() {
        VmSpec vm = VmPlatform.toVmSpec("drydock-0000abcd", "busybox", InstanceSpec.of(Path.of("/rootfs"), "true"));
        assertThat(vm.memoryMiB()).isEqualTo(VmPlatform.DEFAULT_MEMORY_MIB);
        assertThat(vm.vcpus()).isEqualTo(1);
    }

    @Test
    void newName_isDrydockPrefixedAndFitsATapName() {
        String n = VmPlatform.newName();
        assertThat(n).matches("drydock-[0-9a-f]{8}");
        assertThat(("drydock" + n.substring(n.length() - 8)).length()).isLessThanOrEqualTo(15);
    }
}
