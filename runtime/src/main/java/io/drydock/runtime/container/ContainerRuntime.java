package io.drydock.runtime.container;

import io.drydock.runtime.cgroup.CgroupException;
import io.drydock.runtime.cgroup.CgroupLayout;
import io.drydock.runtime.cgroup.CgroupManager;
import io.drydock.runtime.cgroup.CgroupStats;
import io.drydock.runtime.process.ShimBinary;
import io.drydock.runtime.process.ShimLauncher;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * drydock's container runtime as a Java API: the OCI lifecycle (create, start, state, kill,
 * delete), run, exec, ps and list over bundles, with state under a root directory. The CLI
 * ({@code drydock-runc}) and the benchmarks both use it; one instance may serve many containers.
 *
 * <p>Opening a runtime makes this process a child subreaper (prctl(2) PR_SET_CHILD_SUBREAPER), so
 * container processes re-parent to it when the shim's first stage exits and can be waited for.
 */
public final class ContainerRuntime implements AutoCloseable {
    private final RuntimeContext ctx;
    private final ContainerCreate create;
    private final ContainerStart start;
    private final ContainerKill kill;
    private final ContainerDelete delete;
    private final ContainerExec exec;
    /** Set once a create or delete may have left the shared parent cgroup for {@link #close}. */
    private volatile boolean placedContainers;
    /** Set by {@link #keepingParentCgroup}: {@link #close} leaves the shared parent cgroup. */
    private volatile boolean keepsParent;

    ContainerRuntime(RuntimeContext ctx, CgroupLayout layout) {
        this.ctx = ctx;
        this.create = new ContainerCreate(ctx, layout);
        this.start = new ContainerStart(ctx);
        this.kill = new ContainerKill(ctx);
        this.delete = new ContainerDelete(ctx);
        this.exec = new ContainerExec(ctx);
    }

    /** A runtime on this host with its state under {@code root} (runc's --root). */
    public static ContainerRuntime open(Path root) throws ContainerException {
        Syscalls sys = new LinuxSyscalls();
        return open(root, sys, ShimBinary.shared(sys));
    }

    /**
     * A runtime on this host whose calls go through {@code sys}: the daemon passes syscalls that
     * spawn and wait in drydock-runc's front end, and the shim it keeps for every call.
     */
    public static ContainerRuntime open(Path root, Syscalls sys, ShimBinary shim) throws ContainerException {
        CgroupLayout layout;
        try {
            layout = CgroupLayout.detectHost();
        } catch (CgroupException e) {
            throw new ContainerException(null, null, "cannot read the host's cgroup layout: " + e.getMessage(), e);
        }
        sys.setChildSubreaper();
        Path proc = Path.of("/proc");
        RuntimeContext ctx = new RuntimeContext(new StateStore(root), sys, CgroupManager.forLayout(layout), proc, layout,
            new InitPlanResolver(proc), new ShimLauncher(sys, shim), new HookRunner(), new SpecCache());
        return new ContainerRuntime(ctx, layout);
    }

    /**
     * This runtime, leaving the shared parent cgroup ({@code drydock} in every hierarchy) in place
     * at {@link #close} even when it is empty: for a daemon that opens a runtime per call, which
     * would otherwise remove the parent after every call and make it again (eight v1 hierarchies:
     * 16 mkdir/rmdir and a cpuset copy per container), and could remove it under a concurrent
     * call's create. The daemon removes it once, when it stops ({@link #removeEmptyParentCgroup}).
     */
    public ContainerRuntime keepingParentCgroup() {
        keepsParent = true;
        return this;
    }

    /**
     * From now on, while {@link #run} or a foreground {@link #exec} waits for the container's
     * process, the signals this JVM receives go to that process, as runc passes them on: the
     * process leads a session of its own, so a Ctrl-C at the caller's terminal or a SIGTERM to the
     * command reaches it only this way. For a JVM that is one runc-style command (drydock-runc
     * without a daemon): signal handlers belong to the whole JVM, so a daemon, whose front end
     * passes signals on itself, or an in-process user must not call this.
     */
    public static void relaySignalsWhileWaiting() {
        ProcessWaiter.relaySignals();
    }

    /** Removes the shared parent cgroup in every hierarchy where it is empty (a daemon stopping). */
    public static void removeEmptyParentCgroup() throws ContainerException {
        try {
            ContainerDelete.removeEmptyDefaultParent(CgroupLayout.detectHost());
        } catch (CgroupException e) {
            throw new ContainerException(null, null, "cannot read the host's cgroup layout: " + e.getMessage(), e);
        }
    }

    /** Creates a container from a bundle; it waits for {@link #start}. */
    public void create(String id, CreateRequest request) throws ContainerException {
        placedContainers = true;
        create.create(id, request);
    }

    /** Starts the user process of a created container. */
    public void start(String id) throws ContainerException {
        start.start(id);
    }

    /** The OCI state JSON of a container. */
    public String stateJson(String id) throws ContainerException {
        return ctx.stateJson(ctx.load(id));
    }

    /** The status of a container. */
    public ContainerStatus status(String id) throws ContainerException {
        return ctx.status(ctx.load(id));
    }

    /** The host pid of a container's init, if it has one. */
    public Optional<Integer> initPid(String id) throws ContainerException {
        ContainerRecord r = ctx.load(id);
        return r.init() == null ? Optional.empty() : Optional.of(r.init().pid());
    }

    /** Sends a signal to the init, or with {@code all} to every process of the container. */
    public void kill(String id, int signal, boolean all) throws ContainerException {
        kill.kill(id, signal, all);
    }

    /**
     * Freezes every process of a container (runc's {@code pause}) until {@link #resume}: nothing in
     * it runs, so nothing can change its files while the host reads them.
     */
    public void pause(String id) throws ContainerException {
        ContainerRecord r = ctx.load(id);
        try {
            ctx.cgroups().freeze(ctx.cgroupPath(r));
        } catch (CgroupException e) {
            throw new ContainerException(id, "pause", e.getMessage(), e);
        }
    }

    /** Undoes {@link #pause}. */
    public void resume(String id) throws ContainerException {
        ContainerRecord r = ctx.load(id);
        try {
            ctx.cgroups().thaw(ctx.cgroupPath(r));
        } catch (CgroupException e) {
            throw new ContainerException(id, "resume", e.getMessage(), e);
        }
    }

    /** Deletes a stopped container, or with {@code force} any container, and all it made. */
    public void delete(String id, boolean force) throws ContainerException {
        placedContainers = true;
        delete.delete(id, force);
    }

    /** Waits for the init of a started container to exit; returns its exit code (128+signal if killed). */
    public int waitForExit(String id) throws ContainerException {
        ContainerRecord r = ctx.load(id);
        if (r.init() == null) {
            throw new ContainerException(id, "wait", "container has no init process");
        }
        return ProcessWaiter.waitForExit(ctx, r.init().pid());
    }

    /**
     * Create, start, wait and delete: the foreground {@code run}. The container is deleted whatever
     * happens, and the exit code of its process is returned.
     */
    public int run(String id, CreateRequest request) throws ContainerException {
        create(id, request);
        ContainerException failure = null;
        int code = -1;
        try {
            start(id);
            code = waitForExit(id);
        } catch (ContainerException e) {
            failure = e;
        } finally {
            try {
                delete(id, true);
            } catch (ContainerException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return code;
    }

    /** Runs a process in a running container; returns its exit code, or 0 when detached. */
    public int exec(String id, ExecRequest request) throws ContainerException {
        return exec.exec(id, request);
    }

    /** Host pids of every process in the container's cgroup. */
    public List<Integer> pids(String id) throws ContainerException {
        ContainerRecord r = ctx.load(id);
        List<Integer> out = new ArrayList<>();
        if (ctx.status(r) == ContainerStatus.STOPPED) {
            return out;
        }
        try {
            for (long p : ctx.cgroups().pids(ctx.cgroupPath(r))) {
                out.add((int) p);
            }
        } catch (CgroupException e) {
            throw new ContainerException(id, "ps", e.getMessage(), e);
        }
        return out;
    }

    /** Resource usage of the container's cgroup (memory, CPU, pids), for the benchmarks. */
    public CgroupStats stats(String id) throws ContainerException {
        ContainerRecord r = ctx.load(id);
        try {
            return ctx.cgroups().stats(ctx.cgroupPath(r));
        } catch (CgroupException e) {
            throw new ContainerException(id, "stats", e.getMessage(), e);
        }
    }

    /** Every container under the root. */
    public List<ContainerSummary> list() throws ContainerException {
        List<ContainerSummary> out = new ArrayList<>();
        for (String id : ctx.store().ids()) {
            Optional<ContainerRecord> r = ctx.store().find(id);
            if (r.isEmpty()) {
                continue;
            }
            ContainerRecord rec = r.get();
            ContainerStatus s = ctx.status(rec);
            out.add(new ContainerSummary(id, s == ContainerStatus.STOPPED || rec.init() == null ? 0 : rec.init().pid(),
                s.ociName(), rec.bundle().toString(), rec.created().toString()));
        }
        return out;
    }

    /**
     * Nothing is held open between operations; the shared parent cgroup (/drydock) that creates
     * keep for the next container is removed here if no container is left in it.
     */
    @Override
    public void close() {
        if (placedContainers && !keepsParent) {
            ContainerDelete.removeEmptyDefaultParent(ctx.layout());
        }
    }
}
