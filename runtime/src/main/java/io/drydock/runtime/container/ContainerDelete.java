package io.drydock.runtime.container;

import io.drydock.runtime.cgroup.CgroupException;
import io.drydock.runtime.cgroup.CgroupPath;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * {@code delete}: refuse a live container unless forced (then SIGKILL everything in its cgroup and
 * wait), remove its cgroup and state, then run the poststop hooks.
 */
final class ContainerDelete {
    private final RuntimeContext ctx;

    ContainerDelete(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    void delete(String id, boolean force) throws ContainerException {
        ContainerRecord rec = ctx.load(id);
        ContainerStatus status = ctx.status(rec);
        if (status != ContainerStatus.STOPPED && !force) {
            throw new ContainerException(id, "delete", "container is " + status.ociName() + "; stop it first or use --force");
        }
        Spec spec = null;
        if (Files.exists(ctx.store().savedConfig(id))) {
            spec = ctx.savedSpec(rec);
        }
        // The state is what poststop hooks read, made before the record goes; they run after the
        // container is deleted, so it says "stopped" even when --force kills a running one.
        boolean poststop = spec != null && spec.hooks() != null && !spec.hooks().poststop().isEmpty();
        String state = poststop ? ctx.stateJson(rec, io.drydock.runtime.spec.State.Status.STOPPED) : null;
        CgroupPath cgroup = rec.cgroupPath() == null ? null : ctx.cgroupPath(rec);
        try {
            if (rec.init() != null && rec.init().isAlive(ctx.proc())) {
                signal(rec.init().pid(), Syscalls.SIGKILL);
            }
            if (cgroup != null) {
                destroyCgroup(ctx, cgroup);
            }
        } catch (CgroupException | SyscallException e) {
            throw new ContainerException(id, "delete", e.getMessage(), e);
        }
        if (rec.init() != null) {
            awaitGone(ctx, rec.init().pid(), Duration.ofSeconds(10));
        }
        ctx.store().remove(id);
        ctx.specs().forget(id);
        if (poststop) {
            try {
                ctx.hooks().run(id, "poststop", spec.hooks().poststop(), state);
            } catch (ContainerException e) {
                // runtime-spec: a failing poststop hook is logged and delete still succeeds.
                System.err.println("drydock: warning: " + e.getMessage());
            }
        }
    }

    private void signal(int pid, int sig) {
        try {
            ctx.sys().kill(pid, sig);
        } catch (SyscallException e) {
            if (e.errno() != io.drydock.runtime.sys.Errno.ESRCH) { // ESRCH: already gone
                throw e;
            }
        }
    }

    /**
     * Removes the cgroup, killing whatever is still in it. Processes in a cgroup take a moment to
     * leave it after SIGKILL, so this retries until rmdir succeeds or a deadline passes. The usual
     * case (the container already exited) reads each cgroup.procs once, inside destroy.
     */
    static void destroyCgroup(RuntimeContext ctx, CgroupPath cgroup) throws CgroupException {
        if (!ctx.cgroups().exists(cgroup)) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Long> pids = List.of();
            try {
                ctx.cgroups().destroy(cgroup);
                return;
            } catch (io.drydock.runtime.cgroup.CgroupNotEmptyException e) {
                pids = e.pids();
                for (long pid : pids) {
                    try {
                        ctx.sys().kill((int) pid, Syscalls.SIGKILL);
                    } catch (SyscallException k) {
                        if (k.errno() != io.drydock.runtime.sys.Errno.ESRCH) {
                            throw k;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            } catch (CgroupException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            reapQuietly(ctx, pids);
            sleep(5);
        }
    }

    /**
     * Removes the parent drydock makes for its containers (e.g. /drydock) if no container is left
     * in it, so a host with no containers carries no drydock cgroup once its runtimes are closed.
     * A runtime keeps the parent while it is open rather than removing and re-making it around
     * every container (eight v1 hierarchies: 16 mkdir/rmdir and a cpuset copy per container).
     * rmdir(2) refuses a cgroup that still has children or processes, which is exactly when it must stay.
     */
    static void removeEmptyDefaultParent(io.drydock.runtime.cgroup.CgroupLayout layout) {
        String parent = CgroupPath.DEFAULT_PARENT.substring(1);
        List<java.nio.file.Path> roots = new java.util.ArrayList<>(layout.v1Controllers().values());
        layout.unifiedMount().ifPresent(roots::add);
        for (java.nio.file.Path root : new java.util.LinkedHashSet<>(roots)) {
            try {
                Files.deleteIfExists(root.resolve(parent));
            } catch (java.io.IOException | RuntimeException ignored) {
                // Not empty (another container) or not ours to remove: leave it.
            }
        }
    }

    /** Waits until the process is gone (reaping it if it is our child, as a subreaper). */
    static void awaitGone(RuntimeContext ctx, int pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.io.File entry = ctx.proc().resolve(Integer.toString(pid)).toFile();
        while (System.nanoTime() < deadline) {
            // Usually already reaped (waitForExit): then there is nothing to wait for, and no
            // waitpid to fail with ECHILD. java.io.File.exists asks without an exception.
            if (!entry.exists()) {
                return;
            }
            reapQuietly(ctx, List.of((long) pid));
            if (!entry.exists()) {
                return;
            }
            if (ProcessIdentity.of(ctx.proc(), pid).map(p -> !p.isAlive(ctx.proc())).orElse(true)
                    && !isOurChild(ctx, pid)) {
                return;
            }
            sleep(2);
        }
    }

    private static boolean isOurChild(RuntimeContext ctx, int pid) {
        try {
            String stat = Files.readString(ctx.proc().resolve(Integer.toString(pid)).resolve("stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(rest[1]) == ctx.sys().getpid();
        } catch (Exception e) {
            return false;
        }
    }

    private static void reapQuietly(RuntimeContext ctx, List<Long> pids) {
        for (long pid : pids) {
            try {
                ctx.sys().waitpid((int) pid, 1 /* WNOHANG */);
            } catch (SyscallException e) {
                // ECHILD: not our child (someone else reaps it) or already reaped.
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
