package io.drydock.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A uniquely named cgroup tree for one integration test ({@code /drydock-it-<random>}) and the
 * processes the test started; {@link #close()} kills them all, and anything else left in the
 * tree, then destroys it, whatever state the test failed in.
 */
final class ScratchCgroup implements AutoCloseable {
    final CgroupManager manager;
    final CgroupPath top;
    private final List<Process> processes = new ArrayList<>();
    private final List<CgroupPath> cgroups = new ArrayList<>();

    ScratchCgroup(CgroupManager manager) {
        this.manager = manager;
        this.top = CgroupPath.of("/drydock-it-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A cgroup below the scratch top; close() thaws it (thawing a parent does not thaw a frozen child). */
    CgroupPath cgroup(String name) {
        CgroupPath p = top.child(name);
        cgroups.add(p);
        return p;
    }

    /** Starts {@code command} outside any test cgroup; it is killed on close. */
    Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        processes.add(p);
        return p;
    }

    /**
     * A shell that waits for a line on stdin before running {@code script}, so the test can move
     * it into a cgroup before it does anything that should be limited.
     */
    Process startGated(String script) throws IOException {
        return start("/bin/sh", "-c", "read go; " + script);
    }

    static void release(Process gated) throws IOException {
        gated.getOutputStream().write("go\n".getBytes());
        gated.getOutputStream().flush();
    }

    static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file).strip();
    }

    private void thawQuietly() {
        for (CgroupPath p : cgroups) {
            if (manager.exists(p)) {
                try {
                    manager.thaw(p);
                } catch (CgroupException e) {
                    // no freezer or not frozen: nothing to undo
                }
            }
        }
    }

    @Override
    public void close() throws CgroupException {
        try {
            closeInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cleaning up " + top, e);
        }
    }

    private void closeInterruptibly() throws CgroupException, InterruptedException {
        CgroupException failure = null;
        // A frozen task does not act on SIGKILL (v1 freezer) until thawed.
        thawQuietly();
        for (Process p : processes) {
            p.destroyForcibly();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                failure = new CgroupException("cleanup", null, "test process " + p.pid() + " did not die");
            }
        }
        for (int attempt = 0; attempt < 50 && manager.exists(top); attempt++) {
            thawQuietly();
            try {
                manager.destroy(top);
            } catch (CgroupNotEmptyException e) {
                for (long pid : e.pids()) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
                Thread.sleep(20);
            } catch (CgroupException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                break;
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (manager.exists(top)) {
            throw new CgroupException("cleanup", null, "could not remove test cgroup " + top);
        }
    }
}
