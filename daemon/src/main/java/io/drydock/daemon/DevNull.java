package io.drydock.daemon;

import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import java.io.IOException;

/** An fd of {@code /dev/null}: the standard input of what the daemon runs. */
final class DevNull implements AutoCloseable {
    private final Syscalls sys;
    private final int fd;

    private DevNull(Syscalls sys, int fd) {
        this.sys = sys;
        this.fd = fd;
    }

    static DevNull open(Syscalls sys) throws IOException {
        try {
            return new DevNull(sys, sys.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0));
        } catch (SyscallException e) {
            throw new IOException("open /dev/null: " + e.getMessage(), e);
        }
    }

    int fd() {
        return fd;
    }

    @Override
    public void close() {
        try {
            sys.close(fd);
        } catch (SyscallException e) {
            // the fd is gone either way
        }
    }
}
