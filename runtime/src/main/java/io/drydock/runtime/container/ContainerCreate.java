package io.drydock.runtime.container;

import io.drydock.runtime.cgroup.CgroupException;
import io.drydock.runtime.cgroup.CgroupLayout;
import io.drydock.runtime.cgroup.CgroupLimits;
import io.drydock.runtime.cgroup.CgroupMode;
import io.drydock.runtime.cgroup.CgroupPath;
import io.drydock.runtime.process.IdMappings;
import io.drydock.runtime.process.InitPlan;
import io.drydock.runtime.process.ShimException;
import io.drydock.runtime.process.ShimProcess;
import io.drydock.runtime.spec.LinuxResources;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecException;
import io.drydock.runtime.spec.SpecJson;
import io.drydock.runtime.spec.SpecValidator;
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
 * {@code create}: validate the bundle, claim the id, make the cgroup, launch the shim, write id maps,
 * run the createRuntime/prestart hooks, and wait until the init blocks on the exec fifo. Any failure
 * undoes everything made so far: no state dir, cgroup, mount or process is left behind.
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
        CgroupCreation cgroupCreation = null;
        StateStore.PendingSave created = null;
        boolean cgroupMade = false;
        int pid = -1;
        try {
            // The bytes validated above, not a second read of a bundle that may change meanwhile.
            Files.write(ctx.store().savedConfig(id), config);
            cgroup = CgroupPath.forContainer(spec.linux() == null ? null : spec.linux().cgroupsPath(), id);
            ContainerRecord rec = new ContainerRecord(ContainerRecord.VERSION, id, bundle,
                bundle.resolve(spec.root().path()).normalize(), ContainerRecord.Phase.CREATING, null, Instant.now(),
                cgroup.value(), spec.annotations());
            ctx.store().save(rec);
            ctx.specs().remember(id, rec.created(), spec);
            Path fifo = ctx.store().execFifo(id);
            // 0622: the init reopens it for writing as the container's user (maybe a mapped or
            // non-root uid) after switching to it; only the runtime (root) may read it. The
            // umask would eat the write bits, so the mode is set again explicitly.
            ctx.sys().mkfifo(fifo.toString(), 0622);
            Files.setPosixFilePermissions(fifo, java.nio.file.attribute.PosixFilePermissions.fromString("rw--w--w-"));

            // Made on another thread while this one resolves the plan and spawns the shim; the
            // shim's child waits for "go" (after the attach below) before it runs anything.
            cgroupCreation = new CgroupCreation(ctx, cgroup, limits(spec));

            InitPlan plan = ctx.resolver().create(spec, bundle, fifo, req.consoleSocket(), cgroupBinds(cgroup),
                layout.mode() == CgroupMode.UNIFIED);
            try (DevNull devNull = req.stdio() == null ? new DevNull(ctx) : null;
                 ErrorLog errorLog = new ErrorLog(ctx, ctx.store().initErrorLog(id));
                 ShimProcess shim = ctx.launcher().launch(plan, withPreserved(req, devNull), errorLog.fd)) {
                pid = shim.childPid();
                if (plan.waitForIdMaps()) {
                    new IdMappings(ctx.proc()).write(pid, idMappings(spec.linux().uidMappings()),
                        idMappings(spec.linux().gidMappings()), false);
                }
                cgroupCreation.await();
                cgroupMade = true;
                ctx.cgroups().addProcess(cgroup, pid);
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
                    () -> new ContainerException(id, "create", "init process vanished before set-up")));
                // The state is for hooks: createRuntime/prestart here, the shim's with "go".
                String state = spec.hooks() != null || !plan.hooks().isEmpty() ? ctx.stateJson(rec) : null;
                if (spec.hooks() != null) {
                    ctx.hooks().run(id, "prestart", spec.hooks().prestart(), state);
                    ctx.hooks().run(id, "createRuntime", spec.hooks().createRuntime(), state);
                }
                shim.proceed(plan.hooks().isEmpty() ? null : state);
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
            if (cgroupCreation != null && !cgroupMade) {
                cgroupMade = cgroupCreation.awaitQuietly();
            }
            undo(id, pid, cgroup, cgroupMade, failure);
            throw failure;
        }
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
        if (req.preserveFds() == 0) {
            return s;
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
     * makes the cgroup in every controller hierarchy, so each of these exists before "go").
     */
    private Map<String, Path> cgroupBinds(CgroupPath cgroup) {
        Map<String, Path> binds = new LinkedHashMap<>();
        if (layout.mode() == CgroupMode.UNIFIED) {
            return binds;
        }
        for (Map.Entry<String, Path> e : layout.v1Controllers().entrySet()) {
            binds.put(e.getValue().getFileName().toString(), cgroup.in(e.getValue()));
        }
        return binds;
    }

    /**
     * The container's cgroup being made on a pooled daemon thread. mkdir in cgroupfs waits for
     * the kernel's cgroup_mutex, which the attach primer may hold through an RCU grace period;
     * off the main thread that wait overlaps the plan and the shim's spawn instead of preceding them.
     */
    private static final class CgroupCreation {
        private static final java.util.concurrent.ExecutorService POOL =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "drydock-cgroup-create");
                t.setDaemon(true);
                return t;
            });
        private final java.util.concurrent.Future<Void> made;

        CgroupCreation(RuntimeContext ctx, CgroupPath cgroup, CgroupLimits limits) {
            this.made = POOL.submit(() -> {
                ctx.cgroups().create(cgroup, limits);
                return null;
            });
        }

        /** Waits until the cgroup is made; its failure is thrown here. */
        void await() throws CgroupException {
            try {
                getUninterruptibly();
            } catch (java.util.concurrent.ExecutionException e) {
                switch (e.getCause()) {
                    case CgroupException c -> throw c;
                    case RuntimeException r -> throw r;
                    case Error err -> throw err;
                    default -> throw new IllegalStateException(e.getCause());
                }
            }
        }

        /** Waits until the attempt ended (a failed create must not race its undo): true if made. */
        boolean awaitQuietly() {
            try {
                getUninterruptibly();
                return true;
            } catch (java.util.concurrent.ExecutionException e) {
                return false; // CgroupV1/V2Manager.create removed what it had made
            }
        }

        private void getUninterruptibly() throws java.util.concurrent.ExecutionException {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        made.get();
                        return;
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
