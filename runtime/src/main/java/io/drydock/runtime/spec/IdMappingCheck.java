package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * uid/gid mappings come with a user namespace and are complete; a new user namespace has both
 * mappings (without them every id in it is the overflow id and the init cannot even set its uid).
 */
final class IdMappingCheck implements SpecCheck {
    @Override
    public String name() {
        return "idMappings";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        Linux linux = spec.linux();
        if (linux == null) {
            return f.list();
        }
        var user = linux.namespace(NamespaceType.USER);
        if (user.isEmpty()) {
            if (!linux.uidMappings().isEmpty()) {
                f.add("linux.uidMappings", "uid mappings need a user namespace in linux.namespaces");
            }
            if (!linux.gidMappings().isEmpty()) {
                f.add("linux.gidMappings", "gid mappings need a user namespace in linux.namespaces");
            }
        } else if (user.get().path() == null) {
            if (linux.uidMappings().isEmpty()) {
                f.add("linux.uidMappings", "a new user namespace needs uid mappings");
            }
            if (linux.gidMappings().isEmpty()) {
                f.add("linux.gidMappings", "a new user namespace needs gid mappings");
            }
        }
        mappings(f, linux.uidMappings(), "linux.uidMappings");
        mappings(f, linux.gidMappings(), "linux.gidMappings");
        List<Mount> mounts = spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            mappings(f, mounts.get(i).uidMappings(), "mounts[" + i + "].uidMappings");
            mappings(f, mounts.get(i).gidMappings(), "mounts[" + i + "].gidMappings");
        }
        return f.list();
    }

    private static void mappings(Findings f, List<IdMapping> list, String field) {
        for (int i = 0; i < list.size(); i++) {
            IdMapping m = list.get(i);
            String at = field + "[" + i + "]";
            f.require(m.containerID(), at + ".containerID");
            f.require(m.hostID(), at + ".hostID");
            if (f.require(m.size(), at + ".size") && m.size() <= 0) {
                f.add(at + ".size", "must be positive, got " + m.size());
            }
        }
    }
}
