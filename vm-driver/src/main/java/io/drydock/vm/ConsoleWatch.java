package io.drydock.vm;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Wakes whoever waits for a serial console file as soon as QEMU writes to it: a watch (inotify on
 * Linux) on the file's directory, in place of a sleep loop that either reacts late or burns the
 * CPU the guest needs. Both boot paths the benchmark compares (libvirt and bare QEMU) wait this way.
 */
public final class ConsoleWatch implements AutoCloseable {
    private final Path file;
    private final WatchService service;

    private ConsoleWatch(Path file, WatchService service) {
        this.file = file;
        this.service = service;
    }

    /**
     * Watches {@code consoleFile}'s directory (which must exist; the file need not yet).
     *
     * @throws VmException when the directory cannot be watched
     */
    public static ConsoleWatch open(Path consoleFile) throws VmException {
        Objects.requireNonNull(consoleFile, "consoleFile");
        Path dir = consoleFile.toAbsolutePath().getParent();
        WatchService ws = null;
        try {
            ws = dir.getFileSystem().newWatchService();
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            return new ConsoleWatch(consoleFile, ws);
        } catch (IOException e) {
            VmException failure = new VmException("watch console", dir + ": " + e.getMessage(), e);
            if (ws != null) {
                try {
                    ws.close();
                } catch (IOException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
            throw failure;
        }
    }

    /** The watched console file. */
    public Path file() {
        return file;
    }

    /**
     * Blocks until something in the console's directory is created or written, or {@code max}
     * passes. The caller reads the console either way: a spurious wake-up costs one read.
     *
     * @return true when a change was reported, false on timeout
     */
    public boolean await(Duration max) throws InterruptedException {
        long nanos = Math.max(0, max.toNanos());
        try {
            WatchKey key = service.poll(nanos, TimeUnit.NANOSECONDS);
            if (key == null) {
                return false;
            }
            // Drain and re-arm; which file changed does not matter, the console is read anyway.
            key.pollEvents();
            key.reset();
            return true;
        } catch (ClosedWatchServiceException e) {
            throw new IllegalStateException("console watch on " + file + " is closed", e);
        }
    }

    @Override
    public void close() throws VmException {
        try {
            service.close();
        } catch (IOException e) {
            throw new VmException("watch console", "close watch on " + file + ": " + e.getMessage(), e);
        }
    }
}
