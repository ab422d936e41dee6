package io.drydock.runtime.container;

import io.drydock.runtime.spec.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code start}: open the exec fifo for reading, which releases the init blocked on it, then run
 * the poststart hooks. The fifo is removed so a second start is refused.
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
     * created it may be gone. Watch its name (PR_SET_NAME "drydock:...") until execve replaces it
     * or the process ends, then report any error it logged.
     */
    private void awaitExecve(String id, ProcessIdentity init) throws ContainerException {
        Path comm = ctx.proc().resolve(Integer.toString(init.pid())).resolve("comm");
        long deadline = System.nanoTime() + EXEC_WATCH_NANOS;
        while (System.nanoTime() < deadline) {
            String name;
            try {
                name = Files.readString(comm).strip();
            } catch (IOException e) {
                break; // gone: exited (or failed, see the log)
            }
            if (!name.startsWith("drydock:") || !init.isAlive(ctx.proc())) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        var failure = io.drydock.runtime.process.ShimException.fromErrorLog(ctx.store().initErrorLog(id));
        if (failure.isPresent()) {
            throw new ContainerException(id, "start", failure.get().getMessage(), failure.get());
        }
    }

    void start(String id) throws ContainerException {
        ContainerRecord rec = ctx.load(id);
        ContainerStatus status = ctx.status(rec);
        if (status != ContainerStatus.CREATED) {
            throw new ContainerException(id, "start", "cannot start a container that is " + status.ociName());
        }
        Path fifo = ctx.store().execFifo(id);
        try (InputStream in = Files.newInputStream(fifo)) {
            // The init wrote one byte after opening its end; reading it means it goes on to execve.
            if (in.read() < 0) {
                throw new ContainerException(id, "start", "the init closed " + fifo + " without starting (it died during set-up)");
            }
        } catch (NoSuchFileException e) {
            throw new ContainerException(id, "start", "exec fifo " + fifo + " is gone: the container was already started");
        } catch (IOException e) {
            throw new ContainerException(id, "start", "cannot open exec fifo " + fifo + ": " + e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            throw new ContainerException(id, "start", "cannot remove " + fifo + ": " + e.getMessage(), e);
        }
        // No record rewrite: the fifo's absence is what says "started" (see ContainerStatus).
        awaitExecve(id, rec.init());
        Spec spec = ctx.savedSpec(rec);
        if (spec.hooks() != null && !spec.hooks().poststart().isEmpty()) {
            try {
                ctx.hooks().run(id, "poststart", spec.hooks().poststart(), ctx.stateJson(rec));
            } catch (ContainerException e) {
                // runtime-spec: a failing poststart hook is logged and the lifecycle continues.
                System.err.println("drydock: warning: " + e.getMessage());
            }
        }
    }
}
