package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code linux} object of {@code config.json}.
 *
 * @param namespaces        namespaces to create ({@code path} absent) or join ({@code path} set)
 * @param uidMappings       user-namespace uid mappings (need a {@code user} namespace)
 * @param gidMappings       user-namespace gid mappings (need a {@code user} namespace)
 * @param devices           device nodes to create in the container
 * @param cgroupsPath       the container's cgroup, absolute or relative to the runtime's root cgroup
 * @param resources         cgroup limits
 * @param sysctl            kernel parameters to set in the container
 * @param seccomp           the seccomp filter
 * @param rootfsPropagation propagation of the rootfs mount: shared, slave, private or unbindable
 * @param maskedPaths       container paths to hide
 * @param readonlyPaths     container paths to make read-only
 * @param mountLabel        SELinux mount label (drydock does not apply it)
 * @param personality       execution domain
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Linux(
        List<LinuxNamespace> namespaces,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        List<LinuxDevice> devices,
        String cgroupsPath,
        LinuxResources resources,
        Map<String, String> sysctl,
        Seccomp seccomp,
        String rootfsPropagation,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String mountLabel,
        Personality personality) {

    public Linux {
        namespaces = Copies.list("namespaces", namespaces);
        uidMappings = Copies.list("uidMappings", uidMappings);
        gidMappings = Copies.list("gidMappings", gidMappings);
        devices = Copies.list("devices", devices);
        sysctl = Copies.map("sysctl", sysctl);
        maskedPaths = Copies.list("maskedPaths", maskedPaths);
        readonlyPaths = Copies.list("readonlyPaths", readonlyPaths);
    }

    /** The first namespace entry of the given type, if any. */
    public Optional<LinuxNamespace> namespace(NamespaceType type) {
        return namespaces.stream().filter(n -> type.jsonName().equals(n.type())).findFirst();
    }

    /** Whether a namespace of the given type is listed (created or joined). */
    public boolean has(NamespaceType type) {
        return namespace(type).isPresent();
    }

    /** A copy with other namespaces. */
    public Linux withNamespaces(List<LinuxNamespace> newNamespaces) {
        return new Linux(newNamespaces, uidMappings, gidMappings, devices, cgroupsPath, resources, sysctl, seccomp,
            rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality);
    }

    /** A copy with other uid and gid mappings. */
    public Linux withMappings(List<IdMapping> newUidMappings, List<IdMapping> newGidMappings) {
        return new Linux(namespaces, newUidMappings, newGidMappings, devices, cgroupsPath, resources, sysctl, seccomp,
            rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality);
    }

    /** A copy with other resources. */
    public Linux withResources(LinuxResources newResources) {
        return new Linux(namespaces, uidMappings, gidMappings, devices, cgroupsPath, newResources, sysctl, seccomp,
            rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality);
    }

    /** A copy with another seccomp filter. */
    public Linux withSeccomp(Seccomp newSeccomp) {
        return new Linux(namespaces, uidMappings, gidMappings, devices, cgroupsPath, resources, sysctl, newSeccomp,
            rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality);
    }

    /** A copy with another cgroups path. */
    public Linux withCgroupsPath(String newCgroupsPath) {
        return new Linux(namespaces, uidMappings, gidMappings, devices, newCgroupsPath, resources, sysctl, seccomp,
            rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, personality);
    }
}
