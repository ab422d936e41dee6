package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;

/**
 * The container's root file system.
 *
 * @param path     the rootfs directory, absolute or relative to the bundle; required
 * @param readonly whether the rootfs is mounted read-only
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Root(String path, Boolean readonly) {

    /** The rootfs directory on the host: {@code path} resolved against the bundle directory. */
    public Path resolve(Path bundle) {
        return bundle.resolve(path).normalize();
    }

    /** {@code readonly}, false when absent. */
    public boolean isReadonly() {
        return Boolean.TRUE.equals(readonly);
    }
}
