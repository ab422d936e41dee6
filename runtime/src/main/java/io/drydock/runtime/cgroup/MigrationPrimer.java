package io.drydock.runtime.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets the kernel's wait for the first cgroup migration overlap with a create's other work.
 *
 * <p>Every write to {@code cgroup.procs} takes the kernel's global
 * {@code cgroup_threadgroup_rwsem} for writing. It is a per-cpu rwsem: the first writer after a
 * quiet spell waits for a full RCU grace period (measured here at 5 to 15 ms, most of a create's
 * cost), while writers arriving during or shortly after that grace period do not wait again.
 * crun and runc pay it in their attach step as drydock did.
 *
 * <p>Writing this process's own pid into the cgroup it already belongs to takes the same lock
 * and moves nothing. Done on a background thread when a create begins, it starts the grace period
 * while the create parses, validates, makes its cgroup and spawns the shim, so that the real
 * attach finds the lock ready. A failed or impossible prime (no permission, the cgroup gone)
 * is ignored: the attach then simply waits as it would have.
 */
final class MigrationPrimer {
    private final Path ownProcs;
    private final String pid;
    private final AtomicBoolean inFlight = new AtomicBoolean();

    private MigrationPrimer(Path ownProcs, long pid) {
        this.ownProcs = ownProcs;
        this.pid = Long.toString(pid);
    }

    /**
     * A primer for this JVM, or empty when its cgroup in the hierarchy mounted at {@code mount}
     * cannot be found in {@code procSelfCgroup}.
     *
     * @param hierarchy the v1 controller naming the hierarchy (e.g. "pids"), or null for cgroup v2
     */
    static Optional<MigrationPrimer> forThisProcess(Path mount, String hierarchy, Path procSelfCgroup) {
        try {
            return ownCgroup(Files.readString(procSelfCgroup, StandardCharsets.US_ASCII), hierarchy)
                .map(rel -> mount.resolve(rel.substring(1)).resolve("cgroup.procs"))
                .filter(Files::isWritable)
                .map(p -> new MigrationPrimer(p, ProcessHandle.current().pid()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * This process's cgroup path (absolute, e.g. "/" or "/user.slice") in one hierarchy, from the
     * text of /proc/self/cgroup (cgroups(7): "id:controllers:path" per line; v2 is "0::path").
     *
     * @param hierarchy a v1 controller name, or null for the v2 line
     */
    static Optional<String> ownCgroup(String procSelfCgroup, String hierarchy) {
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length != 3 || !f[2].startsWith("/")) {
                continue;
            }
            boolean match = hierarchy == null
                ? f[0].equals("0") && f[1].isEmpty()
                : java.util.Arrays.asList(f[1].split(",")).contains(hierarchy);
            if (match) {
                // A path ending " (deleted)" is a removed cgroup: nothing to write to.
                return f[2].endsWith(" (deleted)") ? Optional.empty() : Optional.of(f[2].strip());
            }
        }
        return Optional.empty();
    }

    /** Starts a no-op migration of this process on a daemon thread, unless one is still running. */
    void prime() {
        if (!inFlight.compareAndSet(false, true)) {
            return; // the one in flight already started the grace period
        }
        try {
            WORKER.execute(() -> {
                try {
                    Files.writeString(ownProcs, pid, StandardCharsets.US_ASCII);
                } catch (IOException | RuntimeException ignored) {
                    // Only an optimisation: the real attach still works, just without the head start.
                } finally {
                    inFlight.set(false);
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.set(false);
        }
    }

    /**
     * One daemon thread, kept for a while between creates: starting a thread per create cost
     * more than the write it makes (0.2 ms and up on a busy host).
     */
    private static final java.util.concurrent.ThreadPoolExecutor WORKER = new java.util.concurrent.ThreadPoolExecutor(
        1, 1, 60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "drydock-cgroup-primer");
            t.setDaemon(true);
            return t;
        });

    static {
        WORKER.allowCoreThreadTimeOut(true);
    }

    /** The file a prime writes to (this process's own cgroup.procs). */
    Path target() {
        return ownProcs;
    }
}
