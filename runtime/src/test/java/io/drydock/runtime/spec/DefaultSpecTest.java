package io.drydock.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.runtime.rootfs.MountOptions;
import io.drydock.runtime.security.Capability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultSpecTest {

    @Test
    void standard_runsAShellWithATerminalInRootfs() {
        Spec spec = DefaultSpec.standard();
        assertThat(spec.ociVersion()).isEqualTo(Spec.OCI_VERSION);
        assertThat(spec.process().args()).containsExactly("sh");
        assertThat(spec.process().isTerminal()).isTrue();
        assertThat(spec.process().cwd()).isEqualTo("/");
        assertThat(spec.process().isNoNewPrivileges()).isTrue();
        assertThat(spec.root()).isEqualTo(new Root("rootfs", true));
        assertThat(spec.hostname()).isEqualTo("drydock");
    }

    @Test
    void standard_minimalCapabilitiesAndNofile1024() {
        ContainerProcess p = DefaultSpec.standard().process();
        long expected = Capability.CAP_AUDIT_WRITE.bit() | Capability.CAP_KILL.bit()
            | Capability.CAP_NET_BIND_SERVICE.bit();
        assertThat(Capability.mask(p.capabilities().bounding())).isEqualTo(expected);
        assertThat(Capability.mask(p.capabilities().effective())).isEqualTo(expected);
        assertThat(Capability.mask(p.capabilities().permitted())).isEqualTo(expected);
        assertThat(p.capabilities().ambient()).isEmpty();
        assertThat(p.rlimits()).containsExactly(Rlimit.of(RlimitType.RLIMIT_NOFILE, 1024, 1024));
    }

    @Test
    void standard_namespacesAndMounts() {
        Spec spec = DefaultSpec.standard();
        assertThat(spec.linux().namespaces()).extracting(LinuxNamespace::type)
            .containsExactly("pid", "network", "ipc", "uts", "mount");
        assertThat(spec.linux().namespaces()).allMatch(n -> n.path() == null);
        assertThat(spec.mounts()).extracting(Mount::destination).containsExactly(
            "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup");
        assertThat(spec.linux().maskedPaths()).contains("/proc/kcore", "/sys/firmware");
        assertThat(spec.linux().readonlyPaths()).contains("/proc/sys", "/proc/sysrq-trigger");
        assertThat(spec.linux().resources().devices())
            .containsExactly(new LinuxResources.DeviceRule(false, null, null, null, "rwm"));
    }

    @Test
    void standard_mountOptionsAllParse_sysAndCgroupReadOnly() {
        for (Mount m : DefaultSpec.standard().mounts()) {
            MountOptions o = MountOptions.parse(m.options());
            assertThat(o.ignored()).as(m.destination()).isEmpty();
            assertThat(o.readOnly()).as(m.destination()).isEqualTo(m.destination().startsWith("/sys"));
        }
        Mount dev = DefaultSpec.standard().mounts().get(1);
        assertThat(MountOptions.parse(dev.options()).data()).isEqualTo("mode=755,size=65536k");
    }

    @Test
    void rootless_userNamespaceMapsRootToGivenIds() {
        Spec spec = DefaultSpec.rootless(1000, 1001);
        assertThat(spec.linux().has(NamespaceType.USER)).isTrue();
        assertThat(spec.linux().has(NamespaceType.NETWORK)).isFalse();
        assertThat(spec.linux().uidMappings()).containsExactly(IdMapping.of(0, 1000, 1));
        assertThat(spec.linux().gidMappings()).containsExactly(IdMapping.of(0, 1001, 1));
        assertThat(spec.linux().resources()).isNull();
    }

    @Test
    void rootless_sysIsReadOnlyBindAndNoCgroupMountNoTtyGid() {
        Spec spec = DefaultSpec.rootless(1000, 1000);
        Mount sys = spec.mounts().stream().filter(m -> m.destination().equals("/sys")).findFirst().orElseThrow();
        MountOptions o = MountOptions.parse(sys.options());
        assertThat(o.bind()).isTrue();
        assertThat(o.recursive()).isTrue();
        assertThat(o.readOnly()).isTrue();
        assertThat(spec.mounts()).extracting(Mount::destination).doesNotContain("/sys/fs/cgroup");
        Mount devpts = spec.mounts().stream().filter(m -> m.type().equals("devpts")).findFirst().orElseThrow();
        assertThat(devpts.options()).noneMatch(s -> s.startsWith("gid="));
    }

    @Test
    void rootlessForCurrentUser_mapsOwnerOfProcSelf() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Spec spec = DefaultSpec.rootlessForCurrentUser();
        assertThat(spec.linux().uidMappings()).containsExactly(IdMapping.of(0, uid, 1));
    }

    @Test
    void bothVariants_passValidationInTempBundle(@TempDir Path bundle) throws Exception {
        Files.createDirectory(bundle.resolve(DefaultSpec.ROOTFS));
        SpecValidator v = SpecValidator.standard();
        assertThat(v.validate(DefaultSpec.standard(), bundle)).isEmpty();
        assertThat(v.validate(DefaultSpec.rootless(1000, 1000), bundle)).isEmpty();
        assertThat(v.validate(DefaultSpec.rootlessForCurrentUser(), bundle)).isEmpty();
    }

    @Test
    void standard_withoutRootfsDir_failsOnlyOnRootPath(@TempDir Path bundle) {
        assertThat(SpecValidator.standard().validate(DefaultSpec.standard(), bundle))
            .extracting(Violation::field).containsExactly("root.path");
    }

    @Test
    void standard_eachCallIsEqualAndImmutable() {
        assertThat(DefaultSpec.standard()).isEqualTo(DefaultSpec.standard());
        List<Mount> mounts = DefaultSpec.standard().mounts();
        org.assertj.core.api.Assertions.assertThatThrownBy(mounts::clear)
            .isInstanceOf(UnsupportedOperationException.class);
    }
}
