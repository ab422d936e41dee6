package io.drydock.runtime.image.build;

import io.drydock.runtime.image.ImageException;
import io.drydock.runtime.image.OverlayMount;
import io.drydock.runtime.image.OverlayMounter;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An {@link OverlayMounter} over the runtime's {@link Syscalls}: mount(2) of type {@code overlay}
 * and umount2(2). (The build's own until the image package has a shared one.)
 */
public final class KernelOverlayMounter implements OverlayMounter {

    private final Syscalls syscalls;

    /** Mounts through {@code syscalls} ({@code new LinuxSyscalls()} on a real host). */
    public KernelOverlayMounter(Syscalls syscalls) {
        this.syscalls = Objects.requireNonNull(syscalls, "syscalls");
    }

    @Override
    public void mount(OverlayMount mount) throws IOException {
        try {
            syscalls.mount("overlay", mount.target().toString(), "overlay", 0, mount.data());
        } catch (SyscallException e) {
            throw new ImageException("mount overlay", mount.target().toString(), e.getMessage(), e);
        }
    }

    @Override
    public void unmount(Path target) throws IOException {
        try {
            syscalls.umount2(target.toString(), 0);
        } catch (SyscallException e) {
            throw new ImageException("unmount overlay", target.toString(), e.getMessage(), e);
        }
    }
}
