package io.drydock.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModulesTest {
    @TempDir
    Path dir;

    private KernelModules fixture() throws Exception {
        Files.writeString(dir.resolve("modules.dep"), """
            kernel/drivers/virtio/virtio_ring.ko:
            kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
            kernel/net/core/failover.ko:
            kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
            kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            """);
        Files.writeString(dir.resolve("modules.builtin"), "kernel/fs/ext4/ext4.ko\n");
        return KernelModules.read(dir);
    }

    @Test
    void loadOrder_virtioNet_dependenciesFirstEachOnce() throws Exception {
        List<String> order = fixture().loadOrder(List.of("virtio_pci", "virtio-net"));
        assertThat(order).containsExactly(
            "kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko", "kernel/drivers/virtio/virtio_pci.ko",
            "kernel/net/core/failover.ko", "kernel/drivers/net/net_failover.ko", "kernel/drivers/net/virtio_net.ko");
    }

    @Test
    void loadOrder_builtinModule_isSkipped() throws Exception {
        assertThat(fixture().loadOrder(List.of("ext4"))).isEmpty();
    }

    @Test
    void loadOrder_unknownModule_isRefusedNamingIt() throws Exception {
        assertThatThrownBy(() -> fixture().loadOrder(List.of("virtio_gpu")))
            .isInstanceOf(VmException.class).hasMessageContaining("virtio_gpu").hasMessageContaining("modules.dep");
    }

    @Test
    void read_missingModulesDep_namesTheFile() {
        assertThatThrownBy(() -> KernelModules.read(dir.resolve("nope")))
            .isInstanceOf(VmException.class).hasMessageContaining("modules.dep");
    }
}
