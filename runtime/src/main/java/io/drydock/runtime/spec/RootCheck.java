package io.drydock.runtime.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code root} and {@code root.path} are present and the rootfs is an existing directory. */
final class RootCheck implements SpecCheck {
    @Override
    public boolean readsFileSystem() {
        return true;
    }

    @Override
    public String name() {
        return "root";
    }

    @Override
    public List<Violation> check(Spec spec, Path bundle) {
        Findings f = new Findings(name());
        Root root = spec.root();
        if (!f.require(root, "root")) {
            return f.list();
        }
        if (root.path() == null || root.path().isEmpty()) {
            f.add("root.path", "required but missing");
            return f.list();
        }
        Path rootfs = root.resolve(bundle);
        if (!Files.exists(rootfs)) {
            f.add("root.path", "rootfs " + rootfs + " does not exist");
        } else if (!Files.isDirectory(rootfs)) {
            f.add("root.path", "rootfs " + rootfs + " is not a directory");
        }
        return f.list();
    }
}
