package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.sys.Errno;
import io.drydock.runtime.sys.RecordingSyscalls;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyscallOverlayMounterTest {
    private static final OverlayMount MOUNT = new OverlayMount(List.of(Path.of("/s/l/B"), Path.of("/s/l/A")),
            Path.of("/s/snapshots/k/upper"), Path.of("/s/snapshots/k/work"), Path.of("/s/snapshots/k/rootfs"));

    @Test
    void mount_overlay_callsMountWithTheOverlayData() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        new SyscallOverlayMounter(sys).mount(MOUNT);
        assertThat(sys.calls(RecordingSyscalls.MountCall.class)).containsExactly(new RecordingSyscalls.MountCall(
                "overlay", "/s/snapshots/k/rootfs", "overlay", 0, MOUNT.data()));
    }

    @Test
    void unmount_target_callsUmount2() throws Exception {
        RecordingSyscalls sys = new RecordingSyscalls();
        new SyscallOverlayMounter(sys).unmount(MOUNT.target());
        assertThat(sys.calls(RecordingSyscalls.Umount2Call.class))
                .containsExactly(new RecordingSyscalls.Umount2Call("/s/snapshots/k/rootfs", 0));
    }

    @Test
    void mount_kernelRefuses_imageExceptionNamingTheTarget() {
        RecordingSyscalls sys = new RecordingSyscalls().failNext(Errno.EINVAL);
        assertThatThrownBy(() -> new SyscallOverlayMounter(sys).mount(MOUNT))
                .isInstanceOf(ImageException.class).hasMessageContaining("/s/snapshots/k/rootfs");
    }
}
