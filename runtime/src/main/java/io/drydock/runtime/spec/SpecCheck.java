package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * One named rule about a {@link Spec}. A check reports every violation it finds rather than
 * stopping at the first, and reads the file system only for paths the spec names (the rootfs
 * under the bundle, namespace files).
 */
public interface SpecCheck {

    /** A short stable name, e.g. {@code "namespaces"}, shown with each violation. */
    String name();

    /**
     * Checks the spec.
     *
     * @param spec   the parsed spec
     * @param bundle the bundle directory; {@code root.path} is relative to it
     * @return the violations, empty when the spec passes
     */
    List<Violation> check(Spec spec, Path bundle);

    /**
     * Whether the result depends on the file system (the rootfs, namespace files) and not only on
     * the spec's values: a spec that passed every other check once passes them again.
     */
    default boolean readsFileSystem() {
        return false;
    }
}
