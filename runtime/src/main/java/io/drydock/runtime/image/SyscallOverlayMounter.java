package io.drydock.runtime.image;

import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@link OverlayMounter} of a real host: mount(2) of type {@code overlay} with the snapshot's
 * lower, upper and work directories as data, and umount2(2) to take it down.
 */
public final class SyscallOverlayMounter implements OverlayMounter {

    private final Syscalls sys;

    /** A mounter that calls the kernel through {@code sys}. */
    public SyscallOverlayMounter(Syscalls sys) {
        this.sys = Objects.requireNonNull(sys, "sys");
    }

    @Override
    public void mount(OverlayMount mount) throws IOException {
        try {
            // mount(2): source "overlay" is informational; flags 0 gives a read-write mount.
            sys.mount("overlay", mount.target().toString(), "overlay", 0, mount.data());
        } catch (SyscallException e) {
            throw new ImageException("mount overlay", mount.target().toString(), e.getMessage(), e);
        }
    }

    @Override
    public void unmount(Path target) throws IOException {
        try {
            sys.umount2(target.toString(), 0);
        } catch (SyscallException e) {
            throw new ImageException("unmount overlay", target.toString(), e.getMessage(), e);
        }
    }
}
