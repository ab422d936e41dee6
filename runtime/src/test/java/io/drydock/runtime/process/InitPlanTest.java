package io.drydock.runtime.process;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.sys.MountFlags;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitPlanTest {
  private static final InitPlan.ProcessSpec SH = InitPlan.ProcessSpec.of(List.of("sh"), List.of());

  @Test
  void mountOp_targetWithDotDot_isRefusedNamingTheField() {
    assertThatThrownBy(() -> new InitPlan.MountOp("proc", "/proc/../../etc", "proc", 0, null, 0,
            InitPlan.CreateTarget.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mount.target")
        .hasMessageContaining("/proc/../../etc");
  }

  @Test
  void mountOp_relativeTarget_isRefused() {
    assertThatThrownBy(() -> new InitPlan.MountOp("proc", "proc", "proc", 0, null, 0,
            InitPlan.CreateTarget.NONE))
        .hasMessageContaining("must be absolute");
  }

  @Test
  void create_withoutRootfsOrFifo_isRefused() {
    assertThatThrownBy(() -> InitPlan.builder(InitPlan.Mode.CREATE).process(SH).build())
        .hasMessageContaining("rootfs");
  }

  @Test
  void cgroupDir_relative_isRefusedNamingTheField() {
    assertThatThrownBy(() -> InitPlan.builder(InitPlan.Mode.EXEC).process(SH)
            .cgroupDir(Path.of("drydock/c1")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cgroupDir");
  }

  @Test
  void exec_withRootfs_isRefused() {
    assertThatThrownBy(() -> InitPlan.builder(InitPlan.Mode.EXEC).process(SH)
            .rootfs(new InitPlan.Rootfs(Path.of("/r"), false, MountFlags.MS_SLAVE | MountFlags.MS_REC,
                null, null, null, null, null))
            .build())
        .hasMessageContaining("rootfs: must be null in EXEC mode");
  }

  @Test
  void namespace_createdAndJoined_isRefused() {
    assertThatThrownBy(() -> InitPlan.builder(InitPlan.Mode.EXEC).process(SH)
            .createNamespace(NamespaceType.NETWORK)
            .joinNamespace(NamespaceType.NETWORK, Path.of("/proc/1/ns/net")).build())
        .hasMessageContaining("NETWORK is both created and joined");
  }

  @Test
  void terminal_withoutConsoleSocket_isRefused() {
    InitPlan.ProcessSpec tty = new InitPlan.ProcessSpec(List.of("sh"), List.of(), "/", 0, 0,
        List.of(), null, false, null, null, true);
    assertThatThrownBy(() -> InitPlan.builder(InitPlan.Mode.EXEC).process(tty).build())
        .hasMessageContaining("consoleSocket");
  }

  @Test
  void env_withoutEquals_isRefused() {
    assertThatThrownBy(() -> InitPlan.ProcessSpec.of(List.of("sh"), List.of("PATH")))
        .hasMessageContaining("process.env");
  }

  @Test
  void device_unknownType_isRefusedNamingThePath() {
    assertThatThrownBy(() -> new InitPlan.DeviceNode("/dev/x", 'z', 1, 1, 0666, 0, 0, false))
        .hasMessageContaining("device.type").hasMessageContaining("/dev/x");
  }

  @Test
  void rlimit_softAboveHard_isRefused() {
    assertThatThrownBy(() -> new InitPlan.Rlimit(7, 100, 10)).hasMessageContaining("exceeds hard");
  }

  @Test
  void create_withoutANewMountNamespace_isRefused() {
    assertThatThrownBy(() -> InitPlan.builder(InitPlan.Mode.CREATE).process(SH)
            .rootfs(new InitPlan.Rootfs(Path.of("/r"), false, MountFlags.MS_SLAVE, null, null,
                null, null, null))
            .execFifo(Path.of("/fifo")).createNamespace(NamespaceType.PID).build())
        .hasMessageContaining("MOUNT namespace");
  }

  @Test
  void rootfs_withoutPropagation_isRefused() {
    assertThatThrownBy(() -> new InitPlan.Rootfs(Path.of("/r"), false, 0, null, null, null,
            null, null))
        .hasMessageContaining("rootfs.propagation");
  }

  @Test
  void hook_relativePath_isRefused() {
    assertThatThrownBy(() -> new InitPlan.Hook(InitPlan.HookKind.START_CONTAINER, "hook",
            null, null, null))
        .hasMessageContaining("hook.path");
  }
}
