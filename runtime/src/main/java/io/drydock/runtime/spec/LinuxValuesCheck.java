package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The small enumerations of the {@code linux} object: rootfs propagation, personality domain,
 * device node types, and a {@code cgroupsPath} that cannot climb out of the runtime's cgroup root.
 */
final class LinuxValuesCheck implements SpecCheck {
    /** The spec's four values, plus the recursive spellings runc also accepts. */
    private static final Set<String> PROPAGATIONS = Set.of(
        "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable");
    private static final Set<String> DOMAINS = Set.of("LINUX", "LINUX32");
    private static final Set<String> DEVICE_TYPES = Set.of("c", "b", "u", "p");

    @Override
    public String name() {
        return "linuxValues";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        Linux linux = spec.linux();
        if (linux == null) {
            return f.list();
        }
        if (linux.rootfsPropagation() != null && !PROPAGATIONS.contains(linux.rootfsPropagation())) {
            f.add("linux.rootfsPropagation", "unknown propagation '" + linux.rootfsPropagation()
                + "' (expected shared, slave, private or unbindable)");
        }
        if (linux.personality() != null
                && f.require(linux.personality().domain(), "linux.personality.domain")
                && !DOMAINS.contains(linux.personality().domain())) {
            f.add("linux.personality.domain", "unknown domain '" + linux.personality().domain()
                + "' (expected LINUX or LINUX32)");
        }
        for (int i = 0; i < linux.devices().size(); i++) {
            String type = linux.devices().get(i).type();
            if (type != null && !DEVICE_TYPES.contains(type)) {
                f.add("linux.devices[" + i + "].type", "unknown device type '" + type + "' (expected c, b, u or p)");
            }
        }
        // The cgroup path is joined to a cgroupfs root on the host; '..' would leave it.
        if (linux.cgroupsPath() != null && Findings.hasDotDot(linux.cgroupsPath())) {
            f.add("linux.cgroupsPath", "must not contain '..', got '" + linux.cgroupsPath() + "'");
        }
        return f.list();
    }
}
