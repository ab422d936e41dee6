package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.drydock.runtime.security.Capability;
import io.drydock.runtime.security.SeccompAction;
import io.drydock.runtime.security.SeccompArch;
import io.drydock.runtime.security.SeccompFlag;
import io.drydock.runtime.security.SeccompOperator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The runtime-spec Features structure ({@code features.md}, {@code features-linux.md}) that
 * {@code drydock features} prints. Per the spec it describes what the runtime implements, not
 * what the host supports. A null member means "unknown", distinct from an empty list.
 *
 * @param ociVersionMin lowest accepted {@code ociVersion}
 * @param ociVersionMax highest accepted {@code ociVersion}
 * @param hooks         recognised hook names
 * @param mountOptions  recognised mount options
 * @param linux         Linux features
 * @param annotations   implementation details
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Features(
        String ociVersionMin,
        String ociVersionMax,
        List<String> hooks,
        List<String> mountOptions,
        LinuxFeatures linux,
        Map<String, String> annotations) {

    /**
     * @param namespaces   recognised namespace types
     * @param capabilities recognised capability names
     * @param cgroup       cgroup support
     * @param seccomp      seccomp support
     * @param apparmor     AppArmor support
     * @param selinux      SELinux support
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LinuxFeatures(
            List<String> namespaces,
            List<String> capabilities,
            Cgroup cgroup,
            SeccompFeatures seccomp,
            Toggle apparmor,
            Toggle selinux) {
    }

    /**
     * @param v1          cgroup v1 supported
     * @param v2          cgroup v2 supported
     * @param systemd     systemd cgroup driver supported
     * @param systemdUser systemd user-instance driver supported
     * @param rdma        rdma controller supported
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cgroup(Boolean v1, Boolean v2, Boolean systemd, Boolean systemdUser, Boolean rdma) {
    }

    /**
     * @param enabled        seccomp implemented
     * @param actions        recognised actions
     * @param operators      recognised operators
     * @param archs          recognised architectures
     * @param knownFlags     recognised filter flags
     * @param supportedFlags flags the runtime can apply
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeccompFeatures(
            Boolean enabled,
            List<String> actions,
            List<String> operators,
            List<String> archs,
            List<String> knownFlags,
            List<String> supportedFlags) {
    }

    /** @param enabled whether the feature is implemented */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Toggle(Boolean enabled) {
    }

    /**
     * drydock's features, computed from the same tables the parser and validator use, so the two
     * cannot disagree. Seccomp is listed as implemented (the init shim applies it with libseccomp);
     * AppArmor, SELinux and systemd cgroups are not implemented.
     *
     * @param mountOptions the options the mount code recognises: pass
     *                     {@code io.drydock.runtime.rootfs.MountOptions.knownOptions()} (taken as a
     *                     parameter so that {@code spec} does not depend on {@code rootfs}, which depends on it)
     */
    /**
     * Annotation key of {@link #drydock} saying how drydock uses mount namespaces: the spec's
     * features document has no field for "recognised but only when new", so it is said here.
     */
    public static final String MOUNT_NAMESPACE = "io.drydock.runtime.linux.mountNamespace";

    /** Annotation key of {@link #drydock} listing which linux.resources.memory fields each cgroup mode applies. */
    public static final String MEMORY = "io.drydock.runtime.linux.resources.memory";

    public static Features drydock(List<String> mountOptions) {
        List<String> flags = Arrays.stream(SeccompFlag.values()).map(Enum::name).toList();
        LinuxFeatures linux = new LinuxFeatures(
            Arrays.stream(NamespaceType.values()).map(NamespaceType::jsonName).toList(),
            Arrays.stream(Capability.values()).map(Enum::name).toList(),
            new Cgroup(true, true, false, false, false),
            new SeccompFeatures(true,
                Arrays.stream(SeccompAction.values()).map(Enum::name).toList(),
                Arrays.stream(SeccompOperator.values()).map(Enum::name).toList(),
                Arrays.stream(SeccompArch.values()).map(Enum::name).toList(),
                flags,
                flags),
            new Toggle(false),
            new Toggle(false));
        return new Features("1.0.0", Spec.OCI_VERSION, Hooks.NAMES, List.copyOf(mountOptions), linux,
            Map.of("io.drydock.runtime.name", "drydock",
                MOUNT_NAMESPACE, "new only: a config without a mount namespace or joining one is refused",
                MEMORY, "cgroup v1: limit, reservation, swap, swappiness, kernelTCP, disableOOMKiller, and kernel where"
                    + " the kernel still enforces it (not Linux 5.16 or later); cgroup v2: limit, reservation, swap"));
    }
}
