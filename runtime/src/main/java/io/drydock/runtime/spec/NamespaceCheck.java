package io.drydock.runtime.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every namespace has a known type, no type appears twice, and a namespace to join names an
 * absolute path that exists.
 */
final class NamespaceCheck implements SpecCheck {
    private static final String KNOWN = Arrays.stream(NamespaceType.values())
        .map(NamespaceType::jsonName).collect(Collectors.joining(", "));

    /**
     * The runtime-spec lets a container share the runtime's mount namespace (no "mount" entry) or
     * join another's (a path). drydock mounts the rootfs and pivot_roots in the container's mount
     * namespace, which would change the host's or the other container's root; it refuses both
     * here, and its features say so ({@link Features#MOUNT_NAMESPACE}).
     */
    static final String MOUNT_REQUIRED = "drydock needs a new mount namespace per container (an entry"
        + " {\"type\": \"mount\"} without a path); sharing the runtime's or joining another one is not supported";

    private static boolean isNewMount(LinuxNamespace ns) {
        return "mount".equals(ns.type()) && (ns.path() == null || ns.path().isEmpty());
    }

    @Override
    public boolean readsFileSystem() {
        return true;
    }

    @Override
    public String name() {
        return "namespaces";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        if (spec.linux() == null) {
            f.add("linux.namespaces", MOUNT_REQUIRED);
            return f.list();
        }
        Map<NamespaceType, Integer> seen = new EnumMap<>(NamespaceType.class);
        List<LinuxNamespace> namespaces = spec.linux().namespaces();
        if (namespaces.stream().noneMatch(NamespaceCheck::isNewMount)) {
            f.add("linux.namespaces", MOUNT_REQUIRED);
        }
        for (int i = 0; i < namespaces.size(); i++) {
            LinuxNamespace ns = namespaces.get(i);
            String at = "linux.namespaces[" + i + "]";
            if (!f.require(ns.type(), at + ".type")) {
                continue;
            }
            var type = NamespaceType.byJsonName(ns.type());
            if (type.isEmpty()) {
                f.add(at + ".type", "unknown namespace type '" + ns.type() + "' (known: " + KNOWN + ")");
            } else {
                Integer first = seen.putIfAbsent(type.get(), i);
                if (first != null) {
                    f.add(at + ".type", "duplicate namespace type '" + ns.type()
                        + "' (already at linux.namespaces[" + first + "])");
                }
            }
            if (ns.path() != null) {
                if (!ns.path().startsWith("/")) {
                    f.add(at + ".path", "must be an absolute path, got '" + ns.path() + "'");
                } else if (Files.notExists(Path.of(ns.path()))) {
                    // notExists, not !exists: another user's /proc/<pid>/ns file may be merely unreadable
                    f.add(at + ".path", "namespace file " + ns.path() + " does not exist");
                }
            }
        }
        return f.list();
    }
}
