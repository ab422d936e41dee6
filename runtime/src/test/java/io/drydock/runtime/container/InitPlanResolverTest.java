package io.drydock.runtime.container;

import static io.drydock.runtime.sys.MountFlags.MS_BIND;
import static io.drydock.runtime.sys.MountFlags.MS_NODEV;
import static io.drydock.runtime.sys.MountFlags.MS_NOEXEC;
import static io.drydock.runtime.sys.MountFlags.MS_NOSUID;
import static io.drydock.runtime.sys.MountFlags.MS_PRIVATE;
import static io.drydock.runtime.sys.MountFlags.MS_RDONLY;
import static io.drydock.runtime.sys.MountFlags.MS_REC;
import static io.drydock.runtime.sys.MountFlags.MS_SLAVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.process.InitPlan;
import io.drydock.runtime.process.NamespaceType;
import io.drydock.runtime.security.Capability;
import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.IdMapping;
import io.drydock.runtime.spec.LinuxNamespace;
import io.drydock.runtime.spec.Mount;
import io.drydock.runtime.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitPlanResolverTest {
    @TempDir
    Path bundle;
    @TempDir
    Path proc;

    private InitPlan plan(Spec spec, Map<String, Path> cgroupBinds, boolean unified) {
        return new InitPlanResolver(proc).create(spec, bundle, bundle.resolve("exec.fifo"), null, cgroupBinds, unified);
    }

    @Test
    void defaultSpec_createsItsNamespacesAndWaitsForNoIdMaps() {
        InitPlan p = plan(DefaultSpec.standard().withProcess(DefaultSpec.standard().process().withTerminal(false)), Map.of(), false);
        assertThat(p.createNamespaces()).containsExactlyInAnyOrder(
            NamespaceType.PID, NamespaceType.NETWORK, NamespaceType.IPC, NamespaceType.UTS, NamespaceType.MOUNT);
        assertThat(p.waitForIdMaps()).isFalse();
        assertThat(p.rootfs().hostPath()).isEqualTo(bundle.resolve("rootfs"));
        assertThat(p.rootfs().readonly()).isTrue();
        assertThat(p.rootfs().propagation()).isEqualTo(MS_SLAVE | MS_REC);
        assertThat(p.hostname()).isEqualTo("drydock");
        assertThat(p.process().capabilities().effective())
            .isEqualTo(Capability.mask(List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE")));
        assertThat(p.rlimits()).containsExactly(new InitPlan.Rlimit(7, 1024, 1024));
        assertThat(p.execFifo()).isEqualTo(bundle.resolve("exec.fifo"));
    }

    @Test
    void ambientCapabilities_notInheritable_areLeftOutAsRuncDoes() {
        List<String> three = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        // what `runc spec` writes: ambient, but no inheritable set
        Spec runcSpec = noTerminal(DefaultSpec.standard()).withProcess(noTerminal(DefaultSpec.standard()).process()
            .withCapabilities(new io.drydock.runtime.spec.CapabilitySets(three, three, List.of(), three, three)));
        assertThat(plan(runcSpec, Map.of(), false).process().capabilities().ambient()).isZero();

        Spec kept = runcSpec.withProcess(runcSpec.process().withCapabilities(
            new io.drydock.runtime.spec.CapabilitySets(three, three, List.of("CAP_KILL"), three, three)));
        assertThat(plan(kept, Map.of(), false).process().capabilities().ambient())
            .isEqualTo(Capability.mask(List.of("CAP_KILL")));
    }

    @Test
    void seccompWithoutNoNewPrivileges_keepsSysAdminForTheShimOnly() {
        InitPlan.ProcessSpec p = InitPlanResolver.processSpec(noTerminal(DefaultSpec.standard()).process());
        InitPlan.ProcessSpec withoutNnp = new InitPlan.ProcessSpec(p.args(), p.env(), p.cwd(), 1000, 1000, List.of(), null,
            false, null, p.capabilities(), false);
        long admin = 1L << Capability.CAP_SYS_ADMIN.number();
        InitPlan.Capabilities loading = InitPlanResolver.seccompLoadable(withoutNnp, true).capabilities();
        assertThat(loading.effective() & admin).isNotZero();
        assertThat(loading.permitted() & admin).isNotZero();
        // what execve(2) hands on is untouched
        assertThat(loading.bounding()).isEqualTo(p.capabilities().bounding());
        assertThat(loading.inheritable()).isEqualTo(p.capabilities().inheritable());
        assertThat(loading.ambient()).isEqualTo(p.capabilities().ambient());
        // no filter, or no_new_privs (which lets anyone load one): nothing added
        assertThat(InitPlanResolver.seccompLoadable(withoutNnp, false)).isEqualTo(withoutNnp);
        assertThat(InitPlanResolver.seccompLoadable(p, true)).isEqualTo(p);
    }

    @Test
    void defaultDevicesAndLinks_areAlwaysThere() {
        InitPlan p = plan(noTerminal(DefaultSpec.standard()), Map.of(), false);
        assertThat(p.rootfs().devices()).extracting(InitPlan.DeviceNode::path)
            .contains("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty");
        assertThat(p.rootfs().devices()).allSatisfy(d -> assertThat(d.bindFromHost()).isFalse());
        assertThat(p.rootfs().symlinks()).contains(new InitPlan.DevSymlink("/proc/self/fd", "/dev/fd"),
            new InitPlan.DevSymlink("pts/ptmx", "/dev/ptmx"));
    }

    @Test
    void userNamespace_waitsForMapsAndBindsDevicesFromTheHost() {
        Spec s = noTerminal(DefaultSpec.standard());
        List<LinuxNamespace> ns = new ArrayList<>(s.linux().namespaces());
        ns.add(LinuxNamespace.create(io.drydock.runtime.spec.NamespaceType.USER));
        s = s.withLinux(s.linux().withNamespaces(ns).withMappings(List.of(IdMapping.of(0, 1000, 1)), List.of(IdMapping.of(0, 1000, 1))));
        InitPlan p = plan(s, Map.of(), false);
        assertThat(p.waitForIdMaps()).isTrue();
        assertThat(p.rootfs().devices()).allSatisfy(d -> assertThat(d.bindFromHost()).isTrue());
    }

    @Test
    void joinedNamespace_isJoinedByPath() {
        Spec s = noTerminal(DefaultSpec.standard());
        List<LinuxNamespace> ns = new ArrayList<>(s.linux().namespaces());
        ns.removeIf(n -> n.type().equals("network"));
        ns.add(LinuxNamespace.join(io.drydock.runtime.spec.NamespaceType.NETWORK, "/var/run/netns/x"));
        InitPlan p = plan(s.withLinux(s.linux().withNamespaces(ns)), Map.of(), false);
        assertThat(p.joinNamespaces()).containsEntry(NamespaceType.NETWORK, Path.of("/var/run/netns/x"));
        assertThat(p.createNamespaces()).doesNotContain(NamespaceType.NETWORK);
    }

    @Test
    void bindMountOfAFile_createsAFileTarget_andResolvesTheSourceAgainstTheBundle() throws Exception {
        Files.writeString(bundle.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.createDirectories(bundle.resolve("data"));
        Spec s = noTerminal(DefaultSpec.standard()).withMounts(List.of(
            Mount.of("/etc/hosts", "bind", "hosts", List.of("bind", "ro")),
            Mount.of("/data", "none", "data", List.of("rbind", "nosuid"))));
        List<InitPlan.MountOp> ops = plan(s, Map.of(), false).rootfs().mounts();
        assertThat(ops.get(0)).isEqualTo(new InitPlan.MountOp(bundle.resolve("hosts").toString(), "/etc/hosts", null,
            MS_BIND | MS_RDONLY, null, 0, InitPlan.CreateTarget.FILE));
        assertThat(ops.get(1)).isEqualTo(new InitPlan.MountOp(bundle.resolve("data").toString(), "/data", null,
            MS_BIND | MS_REC | MS_NOSUID, null, 0, InitPlan.CreateTarget.DIRECTORY));
    }

    @Test
    void cgroupMount_onV1_isATmpfsWithEachControllerBound_thenReadOnly() {
        Spec s = noTerminal(DefaultSpec.standard());
        Map<String, Path> binds = new java.util.LinkedHashMap<>();
        binds.put("memory", Path.of("/sys/fs/cgroup/memory/drydock/c1"));
        binds.put("pids", Path.of("/sys/fs/cgroup/pids/drydock/c1"));
        List<InitPlan.MountOp> ops = plan(s, binds, false).rootfs().mounts().stream()
            .filter(o -> o.target().startsWith("/sys/fs/cgroup")).toList();
        assertThat(ops).extracting(InitPlan.MountOp::target)
            .containsExactly("/sys/fs/cgroup", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", "/sys/fs/cgroup");
        assertThat(ops.get(1).source()).isEqualTo("/sys/fs/cgroup/memory/drydock/c1");
        assertThat(ops.get(3).flags() & MS_RDONLY).isEqualTo(MS_RDONLY);
    }

    @Test
    void cgroupMount_onV2_isCgroup2() {
        List<InitPlan.MountOp> ops = plan(noTerminal(DefaultSpec.standard()), Map.of(), true).rootfs().mounts().stream()
            .filter(o -> o.target().equals("/sys/fs/cgroup")).toList();
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).fstype()).isEqualTo("cgroup2");
        assertThat(ops.get(0).flags() & (MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY))
            .isEqualTo(MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY);
    }

    @Test
    void cgroupMount_onV2_inAUserNamespaceWithoutCgroupNamespace_bindsTheContainersCgroupReadOnly() {
        Spec s = noTerminal(DefaultSpec.standard());
        List<LinuxNamespace> ns = new ArrayList<>(s.linux().namespaces());
        ns.removeIf(n -> n.type().equals("cgroup"));
        ns.add(LinuxNamespace.create(io.drydock.runtime.spec.NamespaceType.USER));
        s = s.withLinux(s.linux().withNamespaces(ns).withMappings(List.of(IdMapping.of(0, 1000, 1)), List.of(IdMapping.of(0, 1000, 1))));
        Map<String, Path> binds = Map.of(InitPlanResolver.UNIFIED_BIND, Path.of("/sys/fs/cgroup/drydock/c1"));
        List<InitPlan.MountOp> ops = plan(s, binds, true).rootfs().mounts().stream()
            .filter(o -> o.target().equals("/sys/fs/cgroup")).toList();
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).source()).isEqualTo("/sys/fs/cgroup/drydock/c1");
        assertThat(ops.get(0).fstype()).isNull();
        assertThat(ops.get(0).flags() & (MS_BIND | MS_RDONLY)).isEqualTo(MS_BIND | MS_RDONLY);
    }

    @Test
    void cgroupMount_onV2_withItsOwnCgroupNamespace_staysCgroup2EvenInAUserNamespace() {
        Spec s = noTerminal(DefaultSpec.standard());
        List<LinuxNamespace> ns = new ArrayList<>(s.linux().namespaces());
        ns.removeIf(n -> n.type().equals("cgroup"));
        ns.add(LinuxNamespace.create(io.drydock.runtime.spec.NamespaceType.USER));
        ns.add(LinuxNamespace.create(io.drydock.runtime.spec.NamespaceType.CGROUP));
        s = s.withLinux(s.linux().withNamespaces(ns).withMappings(List.of(IdMapping.of(0, 1000, 1)), List.of(IdMapping.of(0, 1000, 1))));
        Map<String, Path> binds = Map.of(InitPlanResolver.UNIFIED_BIND, Path.of("/sys/fs/cgroup/drydock/c1"));
        List<InitPlan.MountOp> ops = plan(s, binds, true).rootfs().mounts().stream()
            .filter(o -> o.target().equals("/sys/fs/cgroup")).toList();
        assertThat(ops).extracting(InitPlan.MountOp::fstype).containsExactly("cgroup2");
    }

    @Test
    void rootfsPropagation_sharedIsNeverAppliedToTheHostsMounts() {
        assertThat(InitPlanResolver.rootPropagation("rprivate")).isEqualTo(MS_PRIVATE | MS_REC);
        assertThat(InitPlanResolver.rootPropagation("shared")).isEqualTo(MS_SLAVE | MS_REC);
        assertThatThrownBy(() -> InitPlanResolver.rootPropagation("sideways")).hasMessageContaining("linux.rootfsPropagation");
    }

    @Test
    void seccompNames_mapToPlanActions() {
        assertThat(InitPlanResolver.seccompAction("SCMP_ACT_KILL")).isEqualTo(InitPlan.SeccompAction.KILL_THREAD);
        assertThat(InitPlanResolver.seccompAction("SCMP_ACT_ERRNO")).isEqualTo(InitPlan.SeccompAction.ERRNO);
        assertThat(InitPlanResolver.seccompOp("SCMP_CMP_MASKED_EQ")).isEqualTo(InitPlan.SeccompOp.MASKED_EQ);
        assertThatThrownBy(() -> InitPlanResolver.seccompAction("SCMP_ACT_NOTIFY")).hasMessageContaining("not supported");
    }

    @Test
    void exec_joinsEveryNamespaceOfTheInit() {
        InitPlan p = new InitPlanResolver(proc).exec(4242, java.util.EnumSet.of(NamespaceType.PID, NamespaceType.MOUNT),
            noTerminal(DefaultSpec.standard()).process(), null, null);
        assertThat(p.mode()).isEqualTo(InitPlan.Mode.EXEC);
        assertThat(p.joinNamespaces()).containsEntry(NamespaceType.PID, proc.resolve("4242/ns/pid"))
            .containsEntry(NamespaceType.MOUNT, proc.resolve("4242/ns/mnt"));
    }

    private static Spec noTerminal(Spec s) {
        return s.withProcess(s.process().withTerminal(false));
    }
}
