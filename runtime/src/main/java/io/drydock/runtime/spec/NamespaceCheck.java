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
            return f.list();
        }
        Map<NamespaceType, Integer> seen = new EnumMap<>(NamespaceType.class);
        List<LinuxNamespace> namespaces = spec.linux().namespaces();
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
