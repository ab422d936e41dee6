package io.drydock.runtime.container;

import io.drydock.runtime.cgroup.CgroupException;
import io.drydock.runtime.cgroup.CgroupLayout;
import io.drydock.runtime.cgroup.CgroupLimits;
import io.drydock.runtime.cgroup.CgroupMode;
import io.drydock.runtime.cgroup.CgroupPath;
import io.drydock.runtime.process.IdMappings;
import io.drydock.runtime.process.InitPlan;
import io.drydock.runtime.process.ShimException;
import io.drydock.runtime.process.ShimLauncher;
import io.drydock.runtime.process.ShimProcess;
import io.drydock.runtime.spec.LinuxResources;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecException;
import io.drydock.runtime.spec.SpecJson;
import io.drydock.runtime.spec.SpecValidator;
import io.drydock.runtime.spec.State;
import io.drydock.runtime.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code create}: validate the bundle, claim the id, save the record, then - on a pooled thread -
 * spawn the shim's first stage, make the cgroup and put the first stage in it while this thread
 * resolves the plan; hand the plan over (the child is cloned into the cgroup), write id maps,
 * run the createRuntime hooks, and wait until the init blocks on the exec fifo. Any
 * failure undoes everything made so far: no state dir, cgroup, mount or process is left behind.
 */
final class ContainerCreate {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final SpecValidator VALIDATOR = SpecValidator.standard();

    private final RuntimeContext ctx;
    private final CgroupLayout layout;

    ContainerCreate(RuntimeContext ctx, CgroupLayout layout) {
        this.ctx = ctx;
        this.layout = layout;
    }

    ContainerRecord create(String id, CreateRequest req) throws ContainerException {
        RuntimeContext.validId(id);
        // The attach below waits for the kernel once per quiet spell; let that wait start now.
        ctx.cgroups().primeAttach();
        Path bundle = req.bundle().toAbsolutePath().normalize();
        Spec spec;
        byte[] config;
        try {
            Path file = bundle.resolve(SpecJson.CONFIG_FILE);
            config = SpecJson.readConfigBytes(file);
            spec = ctx.specs().parse(config, file);
            ctx.specs().validate(spec, bundle, VALIDATOR);
        } catch (SpecException e) {
            throw new ContainerException(id, "create", e.getMessage(), e);
        }
        if (spec.process().isTerminal() && req.consoleSocket() == null) {
            throw new ContainerException(id, "create", "process.terminal is true but no --console-socket was given");
        }
        ctx.store().claim(id);
        CgroupPath cgroup = null;
        Preparation preparation = null;
        StateStore.PendingSave created = null;
        boolean cgroupMade = false;
        int pid = -1;
        DevNull devNull = null;
        ErrorLog errorLog = null;
        try {
            // The bytes validated above, not a second read of a bundle that may change meanwhile.
            Files.write(ctx.store().savedConfig(id), config);
            cgroup = CgroupPath.forContainer(spec.linux() == null ? null : spec.linux().cgroupsPath(), id);
            ContainerRecord rec = new ContainerRecord(ContainerRecord.VERSION, id, bundle,
                bundle.resolve(spec.root().path()).normalize(), ContainerRecord.Phase.CREATING, null, Instant.now(),
                cgroup.value(), spec.annotations());
            // Saved before the cgroup exists: a runtime that dies from here on leaves a record
            // naming it, which delete --force removes.
            ctx.store().save(rec);
            KillPoint.reach(ctx.sys(), KillPoint.RUNTIME_RECORD);
            ctx.specs().remember(id, rec.created(), spec);
            devNull = req.stdio() == null ? new DevNull(ctx) : null;
            errorLog = new ErrorLog(ctx, ctx.store().initErrorLog(id));
            // The shim's first stage starts and the cgroup is made on another thread while this
            // one makes the fifo and resolves the plan; the first stage waits for its plan.
            // On cgroup v2 the shim clones the init straight into the cgroup where the kernel
            // can (CLONE_INTO_CGROUP), so the first stage need not be moved there first.
            Path cgroupDir = layout.mode() == CgroupMode.UNIFIED ? cgroup.in(layout.unifiedMount().orElseThrow()) : null;
            preparation = new Preparation(ctx, cgroup, limits(spec), withPreserved(req, devNull), errorLog.fd,
                cgroupDir != null);
            Path fifo = ctx.store().execFifo(id);
            // 0622: the init reopens it for writing as the container's user (maybe a mapped or
            // non-root uid) after switching to it; only the runtime (root) may read it. The
            // umask would eat the write bits, so the mode is set again explicitly.
            ctx.sys().mkfifo(fifo.toString(), 0622);
            Files.setPosixFilePermissions(fifo, java.nio.file.attribute.PosixFilePermissions.fromString("rw--w--w-"));

            InitPlan plan = ctx.resolver().create(spec, bundle, fifo, req.consoleSocket(), cgroupBinds(cgroup),
                layout.mode() == CgroupMode.UNIFIED);
            if (cgroupDir != null) {
                plan = plan.withCgroupDir(cgroupDir);
            }
            ShimLauncher.PendingShim pending = preparation.await();
            cgroupMade = true;
            KillPoint.reach(ctx.sys(), KillPoint.CGROUP);
            try (ShimProcess shim = preparation.launch(pending, plan)) {
                pid = shim.childPid();
                KillPoint.reach(ctx.sys(), KillPoint.SHIM);
                if (plan.waitForIdMaps()) {
                    new IdMappings(ctx.proc()).write(pid, idMappings(spec.linux().uidMappings()),
                        idMappings(spec.linux().gidMappings()), false);
                }
                ContainerRecord.CgroupPlacement placement;
                if (shim.childBornInCgroup()) {
                    placement = ContainerRecord.CgroupPlacement.CLONED_INTO_CGROUP;
                } else if (preparation.firstStageAttached()) {
                    placement = ContainerRecord.CgroupPlacement.FIRST_STAGE_ATTACHED;
                } else {
                    ctx.cgroups().addProcess(cgroup, pid);
                    placement = ContainerRecord.CgroupPlacement.ATTACHED_AFTER_CLONE;
                }
                if (req.onInit() != null) {
                    try {
                        req.onInit().accept(pid);
                    } catch (Exception e) {
                        throw new ContainerException(id, "create", "setting up the container's namespaces: " + e.getMessage(), e);
                    }
                }
                // Saved with the CREATED phase below; until then the CREATING record names the
                // cgroup, whose processes a forced delete kills, and a dead runtime's closed sync
                // socket ends an init still waiting for go.
                rec = rec.withInit(ProcessIdentity.of(ctx.proc(), pid).orElseThrow(
                    () -> new ContainerException(id, "create", "init process vanished before set-up")))
                    .withCgroupPlacement(placement);
                // The state the hooks read (runtime-spec runtime.md, "State"): createRuntime and
                // createContainer run during create ("creating"); startContainer runs after start
                // was called ("created"), but the shim gets its state now, with "go". prestart
                // runs at start (ContainerStart), where the spec places it.
                if (spec.hooks() != null && !spec.hooks().createRuntime().isEmpty()) {
                    ctx.hooks().run(id, "createRuntime", spec.hooks().createRuntime(),
                        ctx.stateJson(rec, State.Status.CREATING));
                }
                shim.proceed(
                    hasHook(plan, InitPlan.HookKind.CREATE_CONTAINER) ? ctx.stateJson(rec, State.Status.CREATING) : null,
                    hasHook(plan, InitPlan.HookKind.START_CONTAINER) ? ctx.stateJson(rec, State.Status.CREATED) : null);
                // Written while the init sets up; renamed into place once it is ready.
                rec = rec.withPhase(ContainerRecord.Phase.CREATED);
                created = ctx.store().prepare(rec);
                shim.awaitReady(READY_TIMEOUT);
            }
            created.commit();
            if (req.pidFile() != null) {
                writePidFile(req.pidFile(), pid);
            }
            return rec;
        } catch (ContainerException | RuntimeException | IOException | CgroupException e) {
            ContainerException failure = e instanceof ContainerException ce ? ce
                : new ContainerException(id, "create", message(e), e);
            if (preparation != null) {
                cgroupMade |= preparation.abandon(failure);
            }
            undo(id, pid, cgroup, cgroupMade, failure);
            throw failure;
        } finally {
            // The first stage has its own copies once spawned (the preparation waited for that).
            if (errorLog != null) {
                errorLog.close();
            }
            if (devNull != null) {
                devNull.close();
            }
        }
    }

    private static boolean hasHook(InitPlan plan, InitPlan.HookKind kind) {
        return plan.hooks().stream().anyMatch(h -> h.kind() == kind);
    }

    private static String message(Exception e) {
        if (e instanceof ShimException || e instanceof SyscallException || e instanceof CgroupException) {
            return e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Removes what a failed create made, newest first; problems are attached to the original failure. */
    private void undo(String id, int pid, CgroupPath cgroup, boolean cgroupMade, ContainerException failure) {
        if (pid > 0) {
            try {
                ctx.sys().kill(pid, io.drydock.runtime.sys.Syscalls.SIGKILL);
                ContainerDelete.awaitGone(ctx, pid, Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (cgroupMade) {
            try {
                ContainerDelete.destroyCgroup(ctx, cgroup);
            } catch (CgroupException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        ctx.specs().forget(id);
        try {
            ctx.store().remove(id);
        } catch (ContainerException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The file the init appends its errors to, for failures after this process is gone (between
     * start and execve): {@code start} reads it.
     */
    private static final class ErrorLog implements AutoCloseable {
        private final RuntimeContext ctx;
        final int fd;

        ErrorLog(RuntimeContext ctx, Path file) {
            this.ctx = ctx;
            // O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC
            this.fd = ctx.sys().open(file.toString(), 01 | 0100 | 02000 | io.drydock.runtime.sys.Syscalls.O_CLOEXEC, 0600);
        }

        @Override
        public void close() {
            ctx.sys().close(fd);
        }
    }

    /** An fd on /dev/null for the container's stdio, closed once the shim has its own copy. */
    private static final class DevNull implements AutoCloseable {
        private final RuntimeContext ctx;
        final int fd;

        DevNull(RuntimeContext ctx) {
            this.ctx = ctx;
            this.fd = ctx.sys().open("/dev/null", 2 /* O_RDWR */ | io.drydock.runtime.sys.Syscalls.O_CLOEXEC, 0);
        }

        @Override
        public void close() {
            ctx.sys().close(fd);
        }
    }

    private static io.drydock.runtime.process.Stdio withPreserved(CreateRequest req, DevNull devNull) {
        io.drydock.runtime.process.Stdio s = req.stdio() == null
            ? io.drydock.runtime.process.Stdio.of(devNull.fd, devNull.fd, devNull.fd) : req.stdio();
        if (req.preserveFds() == 0 || !s.preservedFds().isEmpty()) {
            return s; // the caller named the fds (e.g. the daemon, its copies of the caller's)
        }
        List<Integer> fds = new java.util.ArrayList<>();
        for (int i = 0; i < req.preserveFds(); i++) {
            fds.add(3 + i);
        }
        return new io.drydock.runtime.process.Stdio(s.stdin(), s.stdout(), s.stderr(), fds);
    }

    private static List<io.drydock.runtime.process.IdMapping> idMappings(List<io.drydock.runtime.spec.IdMapping> m) {
        return m.stream().map(x -> new io.drydock.runtime.process.IdMapping(x.containerID(), x.hostID(), x.size())).toList();
    }

    /**
     * For a v1 "cgroup" mount: each controller's dir of this container's cgroup (the v1 manager
     * makes the cgroup in every controller hierarchy, so each of these exists before "go"); on v2
     * its one dir, bound instead of a cgroup2 mount in a user namespace without a cgroup namespace.
     */
    private Map<String, Path> cgroupBinds(CgroupPath cgroup) {
        Map<String, Path> binds = new LinkedHashMap<>();
        if (layout.mode() == CgroupMode.UNIFIED) {
            binds.put(InitPlanResolver.UNIFIED_BIND, cgroup.in(layout.unifiedMount().orElseThrow()));
            return binds;
        }
        for (Map.Entry<String, Path> e : layout.v1Controllers().entrySet()) {
            binds.put(e.getValue().getFileName().toString(), cgroup.in(e.getValue()));
        }
        return binds;
    }

    /**
     * What a create does on a pooled daemon thread while its own thread writes the record and
     * resolves the plan: spawn the shim's first stage (which then waits for its plan), make the
     * cgroup, and put the first stage in it, so the child it clones is born in the cgroup and
     * needs no attach on the critical path. mkdir and the attach may wait for the kernel's
     * cgroup_mutex behind the attach primer's grace period; that wait overlaps too.
     *
     * <p>A pids limit below 2 cannot hold the first stage and its child at once: then only the
     * child is attached, after the clone, as before. Nor is the first stage attached when the
     * shim is to clone the child straight into the cgroup (cgroup v2); should the kernel lack
     * CLONE_INTO_CGROUP, the child is attached after the clone.
     */
    private static final class Preparation {
        private static final java.util.concurrent.ExecutorService POOL =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "drydock-create-prepare");
                t.setDaemon(true);
                return t;
            });
        private final java.util.concurrent.Future<ShimLauncher.PendingShim> done;
        private final java.util.concurrent.atomic.AtomicBoolean cgroupMade = new java.util.concurrent.atomic.AtomicBoolean();
        private final boolean attachFirstStage;
        private boolean handedOver;

        Preparation(RuntimeContext ctx, CgroupPath cgroup, CgroupLimits limits, io.drydock.runtime.process.Stdio stdio,
                int errorLogFd, boolean cloneIntoCgroup) {
            this.attachFirstStage = !cloneIntoCgroup
                && (limits.pids() == null || limits.pids().limit() < 0 || limits.pids().limit() >= 2);
            // Two threads: the spawn waits for its vfork child's exec, the cgroup for the kernel.
            this.done = POOL.submit(() -> {
                ShimLauncher.PendingShim shim = ctx.launcher().spawn(stdio, errorLogFd);
                try {
                    ctx.cgroups().create(cgroup, limits);
                    cgroupMade.set(true);
                    if (attachFirstStage) {
                        ctx.cgroups().addProcess(cgroup, shim.stage0Pid());
                    }
                    return shim;
                } catch (CgroupException | RuntimeException e) {
                    try {
                        shim.close();
                    } catch (RuntimeException c) {
                        e.addSuppressed(c);
                    }
                    throw e;
                }
            });
        }

        /** Waits until the first stage is running (in the cgroup, which exists); its failure is thrown here. */
        ShimLauncher.PendingShim await() throws CgroupException {
            try {
                return getUninterruptibly();
            } catch (java.util.concurrent.ExecutionException e) {
                switch (e.getCause()) {
                    case CgroupException c -> throw c;
                    case RuntimeException r -> throw r;
                    case Error err -> throw err;
                    default -> throw new IllegalStateException(e.getCause());
                }
            }
        }

        /** Hands the plan to the first stage; from here on the launch owns (and on failure ends) it. */
        ShimProcess launch(ShimLauncher.PendingShim shim, InitPlan plan) {
            handedOver = true;
            return shim.launch(plan);
        }

        /** Whether the first stage was moved into the cgroup, so the child it clones is born there. */
        boolean firstStageAttached() {
            return attachFirstStage;
        }

        /**
         * After a failure: waits until the background work ended (an undo must not race it) and
         * ends a first stage that never got its plan; true if the cgroup was made.
         */
        boolean abandon(ContainerException failure) {
            try {
                ShimLauncher.PendingShim shim = getUninterruptibly();
                if (!handedOver) {
                    shim.close();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // its own failure, already the one reported or a consequence of it
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
            return cgroupMade.get();
        }

        private ShimLauncher.PendingShim getUninterruptibly() throws java.util.concurrent.ExecutionException {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return done.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The cgroup limits of the spec's linux.resources (memory, cpu, pids, unified). */
    static CgroupLimits limits(Spec spec) {
        if (spec.linux() == null || spec.linux().resources() == null) {
            return CgroupLimits.NONE;
        }
        LinuxResources r = spec.linux().resources();
        CgroupLimits.Builder b = CgroupLimits.builder();
        if (r.memory() != null) {
            if (r.memory().limit() != null && r.memory().limit() > 0) {
                b.memoryLimit(r.memory().limit());
            }
            if (r.memory().reservation() != null && r.memory().reservation() > 0) {
                b.memoryReservation(r.memory().reservation());
            }
            if (r.memory().swap() != null && r.memory().swap() != 0) {
                b.memorySwap(r.memory().swap());
            }
            if (r.memory().swappiness() != null) {
                b.swappiness(r.memory().swappiness());
            }
            // 0, as in the runtime-spec's older examples, means "not set", as for limit.
            if (r.memory().kernel() != null && r.memory().kernel() != 0) {
                b.kernelMemory(r.memory().kernel());
            }
            if (r.memory().kernelTCP() != null && r.memory().kernelTCP() != 0) {
                b.kernelTcpMemory(r.memory().kernelTCP());
            }
            if (r.memory().disableOOMKiller() != null) {
                b.disableOomKiller(r.memory().disableOOMKiller());
            }
        }
        if (r.cpu() != null) {
            if (r.cpu().shares() != null && r.cpu().shares() > 0) {
                b.cpuShares(r.cpu().shares());
            }
            if (r.cpu().quota() != null && r.cpu().quota() != 0) {
                b.cpuQuota(r.cpu().quota());
            }
            if (r.cpu().period() != null && r.cpu().period() > 0) {
                b.cpuPeriod(r.cpu().period());
            }
            if (r.cpu().cpus() != null && !r.cpu().cpus().isEmpty()) {
                b.cpus(r.cpu().cpus());
            }
            if (r.cpu().mems() != null && !r.cpu().mems().isEmpty()) {
                b.mems(r.cpu().mems());
            }
        }
        if (r.pids() != null && r.pids().limit() != null && r.pids().limit() != 0) {
            b.pidsLimit(r.pids().limit());
        }
        r.unified().forEach(b::unified);
        return b.build();
    }

    private static void writePidFile(Path file, int pid) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        Files.writeString(tmp, Integer.toString(pid));
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String json(Spec spec) {
        return SpecJson.write(spec);
    }
}
