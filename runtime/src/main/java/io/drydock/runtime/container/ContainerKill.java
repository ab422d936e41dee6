package io.drydock.runtime.container;

import io.drydock.runtime.cgroup.CgroupException;
import io.drydock.runtime.sys.SyscallException;

/** {@code kill}: a signal to the init, or with {@code all} to every process in the container's cgroup. */
final class ContainerKill {
    private final RuntimeContext ctx;

    ContainerKill(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    void kill(String id, int signal, boolean all) throws ContainerException {
        ContainerRecord rec = ctx.load(id);
        ContainerStatus status = ctx.status(rec);
        if (status != ContainerStatus.CREATED && status != ContainerStatus.RUNNING) {
            throw new ContainerException(id, "kill", "container is " + status.ociName() + ", not created or running");
        }
        try {
            if (all) {
                for (long pid : ctx.cgroups().pids(ctx.cgroupPath(rec))) {
                    signalQuietly((int) pid, signal);
                }
            } else {
                ctx.sys().kill(rec.init().pid(), signal);
            }
        } catch (CgroupException | SyscallException e) {
            throw new ContainerException(id, "kill", e.getMessage(), e);
        }
    }

    /** A process may exit between listing and signalling it; ESRCH then is not an error. */
    private void signalQuietly(int pid, int signal) {
        try {
            ctx.sys().kill(pid, signal);
        } catch (SyscallException e) {
            if (e.errno() != io.drydock.runtime.sys.Errno.ESRCH) {
                throw e;
            }
        }
    }
}
