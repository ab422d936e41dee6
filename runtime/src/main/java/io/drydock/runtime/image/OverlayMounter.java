package io.drydock.runtime.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Mounts and unmounts overlay filesystems. The runtime backs it with its {@code Syscalls}
 * (mount(2) with type {@code overlay}, source {@code overlay}, flags 0, data {@link OverlayMount#data()};
 * umount2(2)); tests may use the mount(8) command.
 */
public interface OverlayMounter {

    /** Mounts {@code mount} at its target. */
    void mount(OverlayMount mount) throws IOException;

    /** Unmounts whatever is mounted at {@code target}. */
    void unmount(Path target) throws IOException;
}
