package io.drydock.runtime.container;

import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.sys.Errno;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code start}: run the prestart hooks, open the exec fifo for reading, which releases the init
 * blocked on it, then run the poststart hooks. The fifo is removed so a second start is refused.
 */
final class ContainerStart {
    /** How long the init may take from the fifo to execve before start stops watching. */
    static final long EXEC_WATCH_NANOS = 2_000_000_000L;

    private final RuntimeContext ctx;

    ContainerStart(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Between the fifo and execve the init still runs drydock's code (startContainer hooks,
     * seccomp, the PATH search); a failure there is only in its error log, since the process that
     * created it may be gone. The init keeps its end of the fifo open, close-on-exec, until
     * execve: end of file here means it executed the process or died. Then report any error it
     * logged.
     */
    private void awaitExecve(String id, int fifoFd) throws ContainerException {
        long deadline = System.nanoTime() + EXEC_WATCH_NANOS;
        byte[] buf = new byte[16];
        while (true) {
            int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            if (left == 0 || ctx.sys().poll(fifoFd, Syscalls.POLLIN, left) == 0) {
                break; // still setting up after the watch time: stop watching, as documented
            }
            if (ctx.sys().read(fifoFd, buf, buf.length) == 0) {
                break;
            }
        }
        var failure = io.drydock.runtime.process.ShimException.fromErrorLog(ctx.store().initErrorLog(id));
        if (failure.isPresent()) {
            throw new ContainerException(id, "start", failure.get().getMessage(), failure.get());
        }
    }

    /**
     * runtime-spec config.md: the prestart hooks run after start was called and before the
     * process is executed, in the runtime namespace, and see the container "created". A failing
     * one fails start and stops the container (the init is killed), which is then deleted as usual.
     */
    private void runPrestart(ContainerRecord rec, Spec spec) throws ContainerException {
        try {
            ctx.hooks().run(rec.id(), "prestart", spec.hooks().prestart(),
                ctx.stateJson(rec, io.drydock.runtime.spec.State.Status.CREATED));
        } catch (ContainerException e) {
            try {
                ctx.sys().kill(rec.init().pid(), Syscalls.SIGKILL);
                ContainerDelete.awaitGone(ctx, rec.init().pid(), java.time.Duration.ofSeconds(10));
            } catch (RuntimeException k) {
                e.addSuppressed(k);
            }
            throw e;
        }
    }

    void start(String id) throws ContainerException {
        ContainerRecord rec = ctx.load(id);
        ContainerStatus status = ctx.status(rec);
        if (status != ContainerStatus.CREATED) {
            throw new ContainerException(id, "start", "cannot start a container that is " + status.ociName());
        }
        Spec spec = ctx.savedSpec(rec);
        if (spec.hooks() != null && !spec.hooks().prestart().isEmpty()) {
            runPrestart(rec, spec);
        }
        Path fifo = ctx.store().execFifo(id);
        int fd;
        try {
            fd = ctx.sys().open(fifo.toString(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT) {
                throw new ContainerException(id, "start", "exec fifo " + fifo + " is gone: the container was already started");
            }
            throw new ContainerException(id, "start", "cannot open exec fifo " + fifo + ": " + e.getMessage(), e);
        }
        try {
            // The init writes one byte after opening its end; reading it means it goes on to execve.
            if (ctx.sys().read(fd, new byte[1], 1) != 1) {
                throw new ContainerException(id, "start", "the init closed " + fifo + " without starting (it died during set-up)");
            }
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException e) {
                throw new ContainerException(id, "start", "cannot remove " + fifo + ": " + e.getMessage(), e);
            }
            // No record rewrite: the fifo's absence is what says "started" (see ContainerStatus).
            awaitExecve(id, fd);
        } finally {
            ctx.sys().close(fd);
        }
        if (spec.hooks() != null && !spec.hooks().poststart().isEmpty()) {
            // "running": they run after the process was executed, even if it has already exited.
            try {
                ctx.hooks().run(id, "poststart", spec.hooks().poststart(),
                    ctx.stateJson(rec, io.drydock.runtime.spec.State.Status.RUNNING));
            } catch (ContainerException e) {
                // runtime-spec: a failing poststart hook is logged and the lifecycle continues.
                System.err.println("drydock: warning: " + e.getMessage());
            }
        }
    }
}
