package io.drydock.conformance.lifecycle;

import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The caller's end of runc's {@code --console-socket}: a unix socket that receives the pty
 * master of a container's terminal (one fd in an SCM_RIGHTS message), read here.
 */
final class ConsoleSocket implements AutoCloseable {
    private final Syscalls sys = new LinuxSyscalls();
    private final Path path;
    private final int listening;
    private final CompletableFuture<int[]> accepted;

    private ConsoleSocket(Path path) {
        this.path = path;
        this.listening = sys.listenUnix(path.toString(), 1);
        // accept blocks until the runtime connects, which happens inside its create.
        this.accepted = CompletableFuture.supplyAsync(() -> {
            int conn = sys.accept(listening);
            try {
                return new int[] {conn, sys.receiveFd(conn)};
            } catch (RuntimeException e) {
                sys.close(conn);
                throw e;
            }
        });
    }

    static ConsoleSocket listen(Path path) {
        return new ConsoleSocket(path);
    }

    Path path() {
        return path;
    }

    /** Reads the terminal until {@code expected} appears or {@code timeout} passes; what was read. */
    String readUntil(String expected, Duration timeout) throws InterruptedException {
        int master;
        try {
            master = accepted.get(timeout.toMillis(), TimeUnit.MILLISECONDS)[1];
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no terminal arrived on the console socket " + path + ": " + e.getMessage(), e);
        }
        StringBuilder seen = new StringBuilder();
        long end = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[4096];
        while (!seen.toString().contains(expected) && System.nanoTime() < end) {
            if (sys.poll(master, Syscalls.POLLIN, 100) != 0) {
                int n = sys.read(master, buf, buf.length);
                if (n <= 0) {
                    break;
                }
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        }
        return seen.toString();
    }

    @Override
    public void close() {
        if (accepted.isDone() && !accepted.isCompletedExceptionally()) {
            int[] fds = accepted.join();
            sys.close(fds[1]);
            sys.close(fds[0]);
        }
        // Closing the listening socket ends a pending accept (it fails, and the future with it).
        sys.close(listening);
        accepted.cancel(true);
    }
}
