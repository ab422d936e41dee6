package io.drydock.runtime.container;

import io.drydock.runtime.sys.Errno;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.WaitStatus;

/**
 * Waits for a container process and turns its end into a shell-style exit code (128 + signal for a
 * killed process). The process re-parents to this JVM (a child subreaper) once the shim's first
 * stage exits, which may be a moment after its pid is known: ECHILD is retried briefly.
 */
final class ProcessWaiter {
    private ProcessWaiter() {}

    /** Set by {@link ContainerRuntime#relaySignalsWhileWaiting}: waits pass this JVM's signals to the process. */
    private static volatile boolean relay;

    static void relaySignals() {
        relay = true;
    }

    static int waitForExit(RuntimeContext ctx, int pid) throws ContainerException {
        if (!relay) {
            return waitLoop(ctx, pid);
        }
        try (SignalRelay r = SignalRelay.to(ctx.sys(), pid)) {
            return waitLoop(ctx, pid);
        }
    }

    private static int waitLoop(RuntimeContext ctx, int pid) throws ContainerException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            try {
                WaitStatus st = ctx.sys().waitpid(pid, 0);
                if (st instanceof WaitStatus.Exited e) {
                    return e.code();
                }
                if (st instanceof WaitStatus.Signaled s) {
                    return 128 + s.signal();
                }
            } catch (SyscallException e) {
                if (e.errno() == Errno.EINTR) {
                    continue;
                }
                if (e.errno() != Errno.ECHILD || System.nanoTime() > deadline) {
                    throw new ContainerException(null, "wait", "cannot wait for pid " + pid + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ContainerException(null, "wait", "interrupted waiting for pid " + pid, ie);
                }
            }
        }
    }
}
