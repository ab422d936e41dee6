package io.drydock.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.runtime.sys.MountFlags;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanEncoderTest {
  private final PlanEncoder encoder = new PlanEncoder();

  private static InitPlan.Builder create() {
    return InitPlan.builder(InitPlan.Mode.CREATE)
        .rootfs(new InitPlan.Rootfs(Path.of("/rootfs"), true,
            MountFlags.MS_SLAVE | MountFlags.MS_REC,
            List.of(
                new InitPlan.MountOp("proc", "/proc", "proc", MountFlags.MS_NOSUID, null, 0,
                    InitPlan.CreateTarget.DIRECTORY),
                new InitPlan.MountOp("tmpfs", "/dev", "tmpfs", 0, "mode=755", 0,
                    InitPlan.CreateTarget.DIRECTORY)),
            List.of(new InitPlan.DeviceNode("/dev/null", 'c', 1, 3, 0666, 0, 0, false)),
            List.of(new InitPlan.DevSymlink("/proc/self/fd", "/dev/fd")),
            List.of("/proc/kcore"), List.of("/proc/sys")))
        .execFifo(Path.of("/run/fifo"))
        .createNamespace(NamespaceType.MOUNT)
        .process(InitPlan.ProcessSpec.of(List.of("/bin/sh", "-c", "true"), List.of("A=b")));
  }

  @Test
  void encode_startsWithMagicAndVersionLittleEndian() {
    byte[] bytes = encoder.encode(create().build());
    assertThat(Arrays.copyOfRange(bytes, 0, 8))
        .containsExactly(0x44, 0x44, 0x44, 0x50, 1, 0, 0, 0);
    // first record: tag MODE (u16 1), length 4, value CREATE (1)
    assertThat(Arrays.copyOfRange(bytes, 8, 18))
        .containsExactly(1, 0, 4, 0, 0, 0, 1, 0, 0, 0);
  }

  @Test
  void encode_keepsMountsArgsAndPathsInOrder() {
    PlanRecords r = PlanRecords.parse(encoder.encode(create().build()), 8);
    List<PlanRecords> mounts = r.all(PlanTag.MOUNT).stream().map(PlanRecords.Entry::nested).toList();
    assertThat(mounts).hasSize(2);
    assertThat(mounts.get(0).one(PlanTag.MOUNT_TARGET).str()).isEqualTo("/proc");
    assertThat(mounts.get(0).one(PlanTag.MOUNT_FLAGS).u64()).isEqualTo(MountFlags.MS_NOSUID);
    assertThat(mounts.get(0).all(PlanTag.MOUNT_DATA)).isEmpty();
    assertThat(mounts.get(1).one(PlanTag.MOUNT_DATA).str()).isEqualTo("mode=755");
    assertThat(mounts.get(1).one(PlanTag.MOUNT_CREATE).u32()).isEqualTo(1);
    assertThat(r.all(PlanTag.ARG).stream().map(PlanRecords.Entry::str))
        .containsExactly("/bin/sh", "-c", "true");
    assertThat(r.one(PlanTag.ROOTFS).str()).isEqualTo("/rootfs");
    assertThat(r.one(PlanTag.ROOT_READONLY).u32()).isEqualTo(1);
    assertThat(r.one(PlanTag.EXEC_FIFO).str()).isEqualTo("/run/fifo");
    PlanRecords dev = r.one(PlanTag.DEVICE).nested();
    assertThat(dev.one(PlanTag.DEVICE_TYPE).u32()).isEqualTo('c');
    assertThat(dev.one(PlanTag.DEVICE_MINOR).u64()).isEqualTo(3);
    assertThat(r.one(PlanTag.MASKED_PATH).str()).isEqualTo("/proc/kcore");
    assertThat(r.all(PlanTag.UMASK)).isEmpty();
    assertThat(r.all(PlanTag.OOM_SCORE_ADJ)).isEmpty();
  }

  @Test
  void encode_cgroupDir_onlyWhenSet() {
    assertThat(PlanRecords.parse(encoder.encode(create().build()), 8).all(PlanTag.CGROUP_DIR)).isEmpty();
    PlanRecords r = PlanRecords.parse(encoder.encode(create().cgroupDir(Path.of("/sys/fs/cgroup/drydock/c1")).build()), 8);
    assertThat(r.one(PlanTag.CGROUP_DIR).str()).isEqualTo("/sys/fs/cgroup/drydock/c1");
  }

  @Test
  void encode_joinsUserFirstAndMountLast_andOrsCreateFlags() {
    InitPlan plan = create()
        .createNamespace(NamespaceType.PID)
        .createNamespace(NamespaceType.UTS)
        .joinNamespace(NamespaceType.CGROUP, Path.of("/proc/7/ns/cgroup"))
        .joinNamespace(NamespaceType.NETWORK, Path.of("/proc/7/ns/net"))
        .joinNamespace(NamespaceType.USER, Path.of("/proc/7/ns/user"))
        .build();
    PlanRecords r = PlanRecords.parse(encoder.encode(plan), 8);
    assertThat(r.one(PlanTag.NS_CREATE).u64()).isEqualTo(NamespaceType.PID.cloneFlag()
        | NamespaceType.UTS.cloneFlag() | NamespaceType.MOUNT.cloneFlag());
    assertThat(r.all(PlanTag.NS_JOIN).stream()
            .map(e -> e.nested().one(PlanTag.NS_PATH).str()))
        .containsExactly("/proc/7/ns/user", "/proc/7/ns/net", "/proc/7/ns/cgroup");
  }

  @Test
  void encode_seccompRulesNestArgs() {
    InitPlan plan = create().seccomp(new InitPlan.Seccomp(InitPlan.SeccompAction.ERRNO, 1,
            List.of("SCMP_ARCH_X86_64"),
            List.of(new InitPlan.SeccompRule(List.of("read", "write"),
                InitPlan.SeccompAction.ALLOW, 0,
                List.of(new InitPlan.SeccompArg(0, 1, 0, InitPlan.SeccompOp.EQ))))))
        .build();
    PlanRecords s = PlanRecords.parse(encoder.encode(plan), 8).one(PlanTag.SECCOMP).nested();
    assertThat(s.one(PlanTag.SECCOMP_ARCH).str()).isEqualTo("x86_64");
    assertThat(s.one(PlanTag.SECCOMP_DEFAULT_ACTION).u32()).isEqualTo(4);
    PlanRecords rule = s.one(PlanTag.SECCOMP_RULE).nested();
    assertThat(rule.all(PlanTag.RULE_NAME)).hasSize(2);
    assertThat(rule.one(PlanTag.RULE_ARG).nested().one(PlanTag.ARG_OP).u32()).isEqualTo(4);
  }

  @Test
  void encode_optionalNumbersPresentWhenSet() {
    InitPlan plan = create().process(new InitPlan.ProcessSpec(List.of("x"), List.of(), "/", 5, 6,
        List.of(7, 8), 022, true, -500, new InitPlan.Capabilities(1, 2, 3, 4, 5), false)).build();
    PlanRecords r = PlanRecords.parse(encoder.encode(plan), 8);
    assertThat(r.one(PlanTag.UMASK).u32()).isEqualTo(022);
    assertThat(r.one(PlanTag.OOM_SCORE_ADJ).u32()).isEqualTo(-500);
    assertThat(r.all(PlanTag.ADDITIONAL_GID).stream().map(PlanRecords.Entry::u32))
        .containsExactly(7, 8);
    assertThat(r.one(PlanTag.CAP_AMBIENT).u64()).isEqualTo(5);
    assertThat(r.one(PlanTag.NO_NEW_PRIVS).u32()).isEqualTo(1);
  }

  @Test
  void encode_joinOrder_putsUserFirstAndMountLast() {
    assertThat(PlanEncoder.JOIN_ORDER.getFirst()).isEqualTo(NamespaceType.USER);
    assertThat(PlanEncoder.JOIN_ORDER.getLast()).isEqualTo(NamespaceType.MOUNT);
    assertThat(PlanEncoder.JOIN_ORDER).containsExactlyInAnyOrder(NamespaceType.values());
  }

  @Test
  void encode_hooksKeepOrderAndFields() {
    InitPlan plan = create()
        .hook(new InitPlan.Hook(InitPlan.HookKind.CREATE_CONTAINER, "/usr/bin/a",
            List.of("a", "-x"), List.of("K=v"), 5))
        .hook(new InitPlan.Hook(InitPlan.HookKind.START_CONTAINER, "/b", null, null, null))
        .build();
    List<PlanRecords> hooks = PlanRecords.parse(encoder.encode(plan), 8).all(PlanTag.HOOK)
        .stream().map(PlanRecords.Entry::nested).toList();
    assertThat(hooks).hasSize(2);
    assertThat(hooks.get(0).one(PlanTag.HOOK_KIND).u32()).isEqualTo(1);
    assertThat(hooks.get(0).all(PlanTag.HOOK_ARG).stream().map(PlanRecords.Entry::str))
        .containsExactly("a", "-x");
    assertThat(hooks.get(0).one(PlanTag.HOOK_TIMEOUT).u32()).isEqualTo(5);
    assertThat(hooks.get(1).one(PlanTag.HOOK_PATH).str()).isEqualTo("/b");
    assertThat(hooks.get(1).all(PlanTag.HOOK_TIMEOUT)).isEmpty();
  }
}
