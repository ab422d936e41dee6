package io.drydock.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad config per rule; each must yield exactly one violation naming the field. */
class SpecValidatorTest {
    private final SpecValidator validator = SpecValidator.standard();

    @TempDir
    Path bundle;

    private Spec good;

    @BeforeEach
    void bundleWithRootfs() throws Exception {
        Files.createDirectory(bundle.resolve("rootfs"));
        good = DefaultSpec.standard();
    }

    /** The single violation of {@code spec}, failing the test if there are none or several. */
    private Violation only(Spec spec) {
        List<Violation> v = validator.validate(spec, bundle);
        assertThat(v).as("violations").hasSize(1);
        return v.get(0);
    }

    private ContainerProcess process() {
        return good.process();
    }

    private Linux linux() {
        return good.linux();
    }

    private Spec withNamespaces(List<LinuxNamespace> namespaces) {
        return good.withLinux(linux().withNamespaces(namespaces));
    }

    private List<LinuxNamespace> defaultNamespacesPlus(LinuxNamespace extra) {
        List<LinuxNamespace> ns = new ArrayList<>(linux().namespaces());
        ns.add(extra);
        return ns;
    }

    @Test
    void defaultSpec_inBundleWithRootfs_isValid() {
        assertThat(validator.validate(DefaultSpec.standard(), bundle)).isEmpty();
    }

    @Test
    void rootlessSpec_inBundleWithRootfs_isValid() {
        assertThat(validator.validate(DefaultSpec.rootless(1000, 1000), bundle)).isEmpty();
    }

    @Test
    void validate_ociVersionMissing_namesOciVersion() {
        Violation v = only(new Spec(null, good.process(), good.root(), good.hostname(), null, good.mounts(),
            null, null, good.linux()));
        assertThat(v.field()).isEqualTo("ociVersion");
        assertThat(v.check()).isEqualTo("ociVersion");
    }

    @Test
    void validate_ociVersionMajor2_rejected() {
        Violation v = only(new Spec("2.0.0", good.process(), good.root(), good.hostname(), null, good.mounts(),
            null, null, good.linux()));
        assertThat(v.field()).isEqualTo("ociVersion");
        assertThat(v.message()).contains("2.0.0");
    }

    @Test
    void validate_rootMissing_namesRoot() {
        Violation v = only(good.withRoot(null));
        assertThat(v.field()).isEqualTo("root");
        assertThat(v.message()).isEqualTo("required but missing");
    }

    @Test
    void validate_rootPathMissing_namesRootPath() {
        assertThat(only(good.withRoot(new Root(null, true))).field()).isEqualTo("root.path");
        assertThat(only(good.withRoot(new Root("", true))).field()).isEqualTo("root.path");
    }

    @Test
    void validate_rootfsDoesNotExist_namesRootPathAndDirectory() {
        Violation v = only(good.withRoot(new Root("nothere", false)));
        assertThat(v.field()).isEqualTo("root.path");
        assertThat(v.message()).contains(bundle.resolve("nothere").toString()).contains("does not exist");
    }

    @Test
    void validate_rootfsIsAFile_rejected() throws Exception {
        Files.writeString(bundle.resolve("file"), "x");
        Violation v = only(good.withRoot(new Root("file", false)));
        assertThat(v.field()).isEqualTo("root.path");
        assertThat(v.message()).contains("not a directory");
    }

    @Test
    void validate_absoluteRootPath_resolvedAsIs() {
        assertThat(validator.validate(good.withRoot(new Root(bundle.resolve("rootfs").toString(), true)), bundle))
            .isEmpty();
    }

    @Test
    void validate_processMissing_namesProcess() {
        assertThat(only(good.withProcess(null)).field()).isEqualTo("process");
    }

    @Test
    void validate_argsMissingOrEmpty_namesProcessArgs() {
        Violation v = only(good.withProcess(process().withArgs(null)));
        assertThat(v.field()).isEqualTo("process.args");
        assertThat(v.message()).contains("must not be empty");
        assertThat(only(good.withProcess(process().withArgs(List.of()))).field()).isEqualTo("process.args");
    }

    @Test
    void validate_emptyProgram_namesArgs0() {
        assertThat(only(good.withProcess(process().withArgs(List.of("")))).field()).isEqualTo("process.args[0]");
    }

    @Test
    void validate_cwdRelative_namesProcessCwd() {
        Violation v = only(good.withProcess(process().withCwd("home/user")));
        assertThat(v.field()).isEqualTo("process.cwd");
        assertThat(v.message()).contains("absolute").contains("home/user");
    }

    @Test
    void validate_cwdMissing_namesProcessCwd() {
        assertThat(only(good.withProcess(process().withCwd(null))).field()).isEqualTo("process.cwd");
    }

    @Test
    void validate_envWithoutEquals_namesEntry() {
        Violation v = only(good.withProcess(process().withEnv(List.of("A=1", "JUNK"))));
        assertThat(v.field()).isEqualTo("process.env[1]");
    }

    @Test
    void validate_userWithoutUid_namesUid() {
        assertThat(only(good.withProcess(process().withUser(new User(null, 0L, null, null, null)))).field())
            .isEqualTo("process.user.uid");
    }

    @Test
    void validate_unknownNamespaceType_namesIndexedType() {
        Violation v = only(withNamespaces(defaultNamespacesPlus(new LinuxNamespace("network2", null))));
        assertThat(v.field()).isEqualTo("linux.namespaces[5].type");
        assertThat(v.message()).contains("unknown namespace type 'network2'");
    }

    @Test
    void validate_duplicateNamespaceType_namesSecondAndFirst() {
        Violation v = only(withNamespaces(defaultNamespacesPlus(LinuxNamespace.create(NamespaceType.PID))));
        assertThat(v.field()).isEqualTo("linux.namespaces[5].type");
        assertThat(v.message()).contains("duplicate").contains("linux.namespaces[0]");
    }

    @Test
    void validate_namespacePathMissing_namesPath() {
        String missing = bundle.resolve("no-such-netns").toString();
        List<LinuxNamespace> ns = new ArrayList<>(linux().namespaces());
        ns.set(1, LinuxNamespace.join(NamespaceType.NETWORK, missing));
        Violation v = only(withNamespaces(ns));
        assertThat(v.field()).isEqualTo("linux.namespaces[1].path");
        assertThat(v.message()).contains(missing).contains("does not exist");
    }

    @Test
    void validate_namespacePathExists_accepted() throws Exception {
        Path nsFile = Files.writeString(bundle.resolve("netns"), "");
        List<LinuxNamespace> ns = new ArrayList<>(linux().namespaces());
        ns.set(1, LinuxNamespace.join(NamespaceType.NETWORK, nsFile.toString()));
        assertThat(validator.validate(withNamespaces(ns), bundle)).isEmpty();
    }

    @Test
    void validate_noMountNamespace_refusedNamingNamespaces() {
        List<LinuxNamespace> ns = linux().namespaces().stream().filter(n -> !"mount".equals(n.type())).toList();
        Violation v = only(withNamespaces(ns));
        assertThat(v.field()).isEqualTo("linux.namespaces");
        assertThat(v.message()).contains("new mount namespace");
    }

    @Test
    void validate_joinedMountNamespace_refusedNamingNamespaces() throws Exception {
        Path nsFile = Files.writeString(bundle.resolve("mntns"), "");
        List<LinuxNamespace> ns = linux().namespaces().stream()
            .map(n -> "mount".equals(n.type()) ? LinuxNamespace.join(NamespaceType.MOUNT, nsFile.toString()) : n).toList();
        assertThat(only(withNamespaces(ns)).field()).isEqualTo("linux.namespaces");
    }

    @Test
    void validate_unknownAnnotationKeys_accepted() {
        // config.md, "Annotations": an unknown key must not be an error, whatever its namespace.
        Spec annotated = good.withAnnotations(java.util.Map.of("org.opencontainers.image.ref.name", "x",
            "com.example.gpu-cores", "2", "no-dots at all", "", "\u00e9t\u00e9", "v"));
        assertThat(validator.validate(annotated, bundle)).isEmpty();
    }

    @Test
    void validate_namespacePathRelative_rejected() {
        List<LinuxNamespace> ns = new ArrayList<>(linux().namespaces());
        ns.set(1, LinuxNamespace.join(NamespaceType.NETWORK, "proc/1/ns/net"));
        assertThat(only(withNamespaces(ns)).field()).isEqualTo("linux.namespaces[1].path");
    }

    @Test
    void validate_uidMappingsWithoutUserNamespace_namesUidMappings() {
        Violation v = only(good.withLinux(linux().withMappings(List.of(IdMapping.of(0, 1000, 1)), List.of())));
        assertThat(v.field()).isEqualTo("linux.uidMappings");
        assertThat(v.message()).contains("user namespace");
    }

    @Test
    void validate_gidMappingsWithoutUserNamespace_namesGidMappings() {
        Violation v = only(good.withLinux(linux().withMappings(List.of(), List.of(IdMapping.of(0, 1000, 1)))));
        assertThat(v.field()).isEqualTo("linux.gidMappings");
    }

    @Test
    void validate_newUserNamespaceWithoutGidMappings_namesGidMappings() {
        Spec rootless = DefaultSpec.rootless(1000, 1000);
        Violation v = only(rootless.withLinux(rootless.linux().withMappings(rootless.linux().uidMappings(), List.of())));
        assertThat(v.field()).isEqualTo("linux.gidMappings");
    }

    @Test
    void validate_mappingOfSizeZero_namesSize() {
        Spec rootless = DefaultSpec.rootless(1000, 1000);
        Violation v = only(rootless.withLinux(rootless.linux().withMappings(
            List.of(IdMapping.of(0, 1000, 0)), rootless.linux().gidMappings())));
        assertThat(v.field()).isEqualTo("linux.uidMappings[0].size");
    }

    @Test
    void validate_hostnameWithoutUts_namesHostname() {
        List<LinuxNamespace> ns = linux().namespaces().stream().filter(n -> !n.type().equals("uts")).toList();
        Violation v = only(withNamespaces(ns));
        assertThat(v.field()).isEqualTo("hostname");
        assertThat(v.message()).contains("uts namespace");
    }

    @Test
    void validate_noUtsAndNoHostname_accepted() {
        List<LinuxNamespace> ns = linux().namespaces().stream().filter(n -> !n.type().equals("uts")).toList();
        assertThat(validator.validate(withNamespaces(ns).withHostname(null), bundle)).isEmpty();
    }

    @Test
    void validate_relativeMountDestination_namesDestination() {
        List<Mount> mounts = new ArrayList<>(good.mounts());
        mounts.add(Mount.of("data", "tmpfs", "tmpfs", List.of()));
        Violation v = only(good.withMounts(mounts));
        assertThat(v.field()).isEqualTo("mounts[7].destination");
        assertThat(v.message()).contains("absolute");
    }

    @Test
    void validate_mountDestinationWithDotDot_namesDestination() {
        List<Mount> mounts = new ArrayList<>(good.mounts());
        mounts.set(0, Mount.of("/proc/../../etc", "proc", "proc", List.of()));
        Violation v = only(good.withMounts(mounts));
        assertThat(v.field()).isEqualTo("mounts[0].destination");
        assertThat(v.message()).contains("'..'");
    }

    @Test
    void validate_mountDestinationMissing_namesDestination() {
        List<Mount> mounts = new ArrayList<>(good.mounts());
        mounts.set(2, new Mount(null, "devpts", List.of(), "devpts", null, null));
        assertThat(only(good.withMounts(mounts)).field()).isEqualTo("mounts[2].destination");
    }

    @Test
    void validate_relativeMaskedPath_namesIt() {
        Linux l = linux();
        Linux bad = new Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), l.devices(), l.cgroupsPath(),
            l.resources(), l.sysctl(), l.seccomp(), l.rootfsPropagation(), List.of("proc/kcore"), l.readonlyPaths(),
            null, null);
        assertThat(only(good.withLinux(bad)).field()).isEqualTo("linux.maskedPaths[0]");
    }

    @Test
    void validate_unknownCapability_namesSetAndIndex() {
        CapabilitySets caps = new CapabilitySets(List.of("CAP_KILL", "CAP_FLY"), null, null, null, null);
        Violation v = only(good.withProcess(process().withCapabilities(caps)));
        assertThat(v.field()).isEqualTo("process.capabilities.bounding[1]");
        assertThat(v.message()).contains("unknown capability 'CAP_FLY'");
    }

    @Test
    void validate_capabilityWithoutPrefix_rejected() {
        CapabilitySets caps = new CapabilitySets(null, null, null, null, List.of("NET_ADMIN"));
        assertThat(only(good.withProcess(process().withCapabilities(caps))).field())
            .isEqualTo("process.capabilities.ambient[0]");
    }

    @Test
    void validate_unknownRlimit_namesType() {
        Violation v = only(good.withProcess(process().withRlimits(List.of(new Rlimit("RLIMIT_FILES", 1L, 1L)))));
        assertThat(v.field()).isEqualTo("process.rlimits[0].type");
        assertThat(v.message()).contains("unknown rlimit type 'RLIMIT_FILES'");
    }

    @Test
    void validate_duplicateRlimit_namesSecond() {
        Violation v = only(good.withProcess(process().withRlimits(List.of(
            Rlimit.of(RlimitType.RLIMIT_NOFILE, 1, 1), Rlimit.of(RlimitType.RLIMIT_NOFILE, 2, 2)))));
        assertThat(v.field()).isEqualTo("process.rlimits[1].type");
    }

    @Test
    void validate_rlimitSoftAboveHard_namesSoft() {
        Violation v = only(good.withProcess(process().withRlimits(List.of(
            Rlimit.of(RlimitType.RLIMIT_NOFILE, 2048, 1024)))));
        assertThat(v.field()).isEqualTo("process.rlimits[0].soft");
    }

    @Test
    void validate_rlimitInfinity_comparedUnsigned() {
        Spec spec = good.withProcess(process().withRlimits(List.of(Rlimit.of(RlimitType.RLIMIT_CORE, 0, -1L))));
        assertThat(validator.validate(spec, bundle)).isEmpty();
    }

    @Test
    void validate_rlimitWithoutHard_namesHard() {
        Violation v = only(good.withProcess(process().withRlimits(List.of(new Rlimit("RLIMIT_NOFILE", 1L, null)))));
        assertThat(v.field()).isEqualTo("process.rlimits[0].hard");
    }

    private Spec withSeccomp(Seccomp seccomp) {
        return good.withLinux(linux().withSeccomp(seccomp));
    }

    private static Seccomp.Syscall allow(List<Seccomp.Arg> args) {
        return new Seccomp.Syscall(List.of("read"), "SCMP_ACT_ALLOW", null, args);
    }

    @Test
    void validate_goodSeccomp_accepted() {
        Seccomp s = new Seccomp("SCMP_ACT_ERRNO", 1, List.of("SCMP_ARCH_X86_64"), List.of("SECCOMP_FILTER_FLAG_LOG"),
            null, null, List.of(allow(List.of(new Seccomp.Arg(0, 1L, null, "SCMP_CMP_EQ")))));
        assertThat(validator.validate(withSeccomp(s), bundle)).isEmpty();
    }

    @Test
    void validate_unknownSeccompDefaultAction_namesDefaultAction() {
        Violation v = only(withSeccomp(new Seccomp("SCMP_ACT_MAYBE", null, null, null, null, null, null)));
        assertThat(v.field()).isEqualTo("linux.seccomp.defaultAction");
        assertThat(v.message()).contains("unknown seccomp action 'SCMP_ACT_MAYBE'");
    }

    @Test
    void validate_unknownSyscallAction_namesRuleAction() {
        Seccomp s = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
            List.of(allow(List.of()), new Seccomp.Syscall(List.of("mount"), "SCMP_ACT_DENY", null, null)));
        assertThat(only(withSeccomp(s)).field()).isEqualTo("linux.seccomp.syscalls[1].action");
    }

    @Test
    void validate_unknownSeccompOperator_namesArgOp() {
        Seccomp s = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
            List.of(allow(List.of(new Seccomp.Arg(0, 1L, null, "SCMP_CMP_XOR")))));
        Violation v = only(withSeccomp(s));
        assertThat(v.field()).isEqualTo("linux.seccomp.syscalls[0].args[0].op");
        assertThat(v.message()).contains("unknown seccomp operator 'SCMP_CMP_XOR'");
    }

    @Test
    void validate_unknownSeccompArch_namesArchitecture() {
        Seccomp s = new Seccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_Z80"), null,
            null, null, null);
        Violation v = only(withSeccomp(s));
        assertThat(v.field()).isEqualTo("linux.seccomp.architectures[1]");
        assertThat(v.message()).contains("SCMP_ARCH_Z80");
    }

    @Test
    void validate_seccompArgIndexOutOfRange_namesIndex() {
        Seccomp s = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
            List.of(allow(List.of(new Seccomp.Arg(6, 1L, null, "SCMP_CMP_EQ")))));
        assertThat(only(withSeccomp(s)).field()).isEqualTo("linux.seccomp.syscalls[0].args[0].index");
    }

    @Test
    void validate_errnoWithAllow_namesErrnoRet() {
        Seccomp s = new Seccomp("SCMP_ACT_ALLOW", 1, null, null, null, null, null);
        assertThat(only(withSeccomp(s)).field()).isEqualTo("linux.seccomp.defaultErrnoRet");
    }

    @Test
    void validate_syscallRuleWithoutNames_namesNames() {
        Seccomp s = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
            List.of(new Seccomp.Syscall(List.of(), "SCMP_ACT_ERRNO", null, null)));
        assertThat(only(withSeccomp(s)).field()).isEqualTo("linux.seccomp.syscalls[0].names");
    }

    @Test
    void validate_relativeHookPath_namesHook() {
        Hooks hooks = new Hooks(null, null, List.of(new Hook("/bin/true", null, null, null),
            new Hook("bin/hook", null, null, null)), null, null, null);
        Violation v = only(good.withHooks(hooks));
        assertThat(v.field()).isEqualTo("hooks.createContainer[1].path");
    }

    @Test
    void validate_zeroHookTimeout_namesTimeout() {
        Hooks hooks = new Hooks(null, null, null, null, List.of(new Hook("/bin/true", null, null, 0)), null);
        assertThat(only(good.withHooks(hooks)).field()).isEqualTo("hooks.poststart[0].timeout");
    }

    private Linux linuxWith(String propagation, Personality personality, List<LinuxDevice> devices,
            String cgroupsPath) {
        Linux l = linux();
        return new Linux(l.namespaces(), l.uidMappings(), l.gidMappings(), devices, cgroupsPath, l.resources(),
            l.sysctl(), l.seccomp(), propagation, l.maskedPaths(), l.readonlyPaths(), null, personality);
    }

    @Test
    void validate_unknownRootfsPropagation_namesIt() {
        Violation v = only(good.withLinux(linuxWith("sideways", null, List.of(), null)));
        assertThat(v.field()).isEqualTo("linux.rootfsPropagation");
        assertThat(validator.validate(good.withLinux(linuxWith("rslave", null, List.of(), null)), bundle)).isEmpty();
    }

    @Test
    void validate_unknownPersonalityDomain_namesDomain() {
        Violation v = only(good.withLinux(linuxWith(null, new Personality("LINUX64", null), List.of(), null)));
        assertThat(v.field()).isEqualTo("linux.personality.domain");
    }

    @Test
    void validate_unknownDeviceType_namesType() {
        LinuxDevice d = new LinuxDevice("x", "/dev/foo", 1L, 2L, null, null, null);
        assertThat(only(good.withLinux(linuxWith(null, null, List.of(d), null))).field())
            .isEqualTo("linux.devices[0].type");
    }

    @Test
    void validate_relativeDevicePath_namesPath() {
        LinuxDevice d = new LinuxDevice("c", "dev/foo", 1L, 2L, null, null, null);
        assertThat(only(good.withLinux(linuxWith(null, null, List.of(d), null))).field())
            .isEqualTo("linux.devices[0].path");
    }

    @Test
    void validate_cgroupsPathWithDotDot_namesIt() {
        Violation v = only(good.withLinux(linuxWith(null, null, List.of(), "/drydock/../../system.slice")));
        assertThat(v.field()).isEqualTo("linux.cgroupsPath");
    }

    @Test
    void validate_severalProblems_reportsEveryOne() {
        Spec bad = good.withProcess(process().withCwd("rel").withArgs(List.of()))
            .withRoot(new Root("missing", false));
        List<Violation> v = validator.validate(bad, bundle);
        assertThat(v).extracting(Violation::field)
            .containsExactly("root.path", "process.args", "process.cwd");
    }

    @Test
    void requireValid_invalid_throwsListingAllWithConfigFile() {
        Spec bad = good.withProcess(process().withCwd("rel").withArgs(List.of()));
        assertThatThrownBy(() -> validator.requireValid(bad, bundle))
            .isInstanceOf(SpecValidationException.class)
            .hasMessageContaining(bundle.resolve("config.json").toString())
            .hasMessageContaining("process.args: required and must not be empty")
            .hasMessageContaining("process.cwd: must be an absolute path")
            .satisfies(e -> assertThat(((SpecValidationException) e).violations()).hasSize(2));
    }

    @Test
    void requireValid_oneProblem_fieldOnException() {
        assertThatThrownBy(() -> validator.requireValid(good.withProcess(process().withCwd("x")), bundle))
            .isInstanceOf(SpecValidationException.class)
            .satisfies(e -> assertThat(((SpecException) e).field()).isEqualTo("process.cwd"));
    }

    @Test
    void load_writtenDefaultSpec_readsAndValidates() throws Exception {
        SpecJson.writeConfig(DefaultSpec.standard(), bundle.resolve("config.json"));
        assertThat(validator.load(bundle)).isEqualTo(DefaultSpec.standard());
    }

    @Test
    void standardChecks_haveDistinctNames() {
        assertThat(SpecValidator.standardChecks()).extracting(SpecCheck::name).doesNotHaveDuplicates();
    }

    @Test
    void customValidator_runsExtraCheck() {
        SpecCheck noShells = new SpecCheck() {
            @Override
            public String name() {
                return "noShells";
            }

            @Override
            public List<Violation> check(Spec spec, Path b) {
                return spec.process().args().get(0).equals("sh")
                    ? List.of(new Violation(name(), "process.args[0]", "no shells")) : List.of();
            }
        };
        List<SpecCheck> checks = new ArrayList<>(SpecValidator.standardChecks());
        checks.add(noShells);
        assertThat(new SpecValidator(checks).validate(good, bundle)).extracting(Violation::check)
            .containsExactly("noShells");
    }
}
