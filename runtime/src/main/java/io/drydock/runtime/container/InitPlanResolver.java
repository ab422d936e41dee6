package io.drydock.runtime.container;

import static io.drydock.runtime.sys.MountFlags.MS_BIND;
import static io.drydock.runtime.sys.MountFlags.MS_NODEV;
import static io.drydock.runtime.sys.MountFlags.MS_NOEXEC;
import static io.drydock.runtime.sys.MountFlags.MS_NOSUID;
import static io.drydock.runtime.sys.MountFlags.MS_PRIVATE;
import static io.drydock.runtime.sys.MountFlags.MS_RDONLY;
import static io.drydock.runtime.sys.MountFlags.MS_REC;
import static io.drydock.runtime.sys.MountFlags.MS_SLAVE;

import io.drydock.runtime.process.InitPlan;
import io.drydock.runtime.process.NamespaceType;
import io.drydock.runtime.rootfs.MountOptions;
import io.drydock.runtime.security.Capability;
import io.drydock.runtime.spec.CapabilitySets;
import io.drydock.runtime.spec.ContainerProcess;
import io.drydock.runtime.spec.Linux;
import io.drydock.runtime.spec.LinuxDevice;
import io.drydock.runtime.spec.LinuxNamespace;
import io.drydock.runtime.spec.Mount;
import io.drydock.runtime.spec.Rlimit;
import io.drydock.runtime.spec.RlimitType;
import io.drydock.runtime.spec.Seccomp;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Java decides: turns a validated OCI spec into the flat {@link InitPlan} the shim executes. Every
 * choice (default devices, how a bind mount of a file is made, the rootfs propagation, sysfs
 * inside a user namespace) is made here, so the shim stays a plain interpreter.
 */
public final class InitPlanResolver {
    /** The devices every container gets (runtime-spec config-linux.md, "Default Devices"). */
    private static final List<InitPlan.DeviceNode> DEFAULT_DEVICES = List.of(
        dev("/dev/null", 1, 3), dev("/dev/zero", 1, 5), dev("/dev/full", 1, 7),
        dev("/dev/random", 1, 8), dev("/dev/urandom", 1, 9), dev("/dev/tty", 5, 0));

    private static final List<InitPlan.DevSymlink> DEV_SYMLINKS = List.of(
        new InitPlan.DevSymlink("/proc/self/fd", "/dev/fd"),
        new InitPlan.DevSymlink("/proc/self/fd/0", "/dev/stdin"),
        new InitPlan.DevSymlink("/proc/self/fd/1", "/dev/stdout"),
        new InitPlan.DevSymlink("/proc/self/fd/2", "/dev/stderr"),
        new InitPlan.DevSymlink("pts/ptmx", "/dev/ptmx"));

    private final Path proc;

    /** @param proc the host's procfs (for /proc/kcore and namespace paths) */
    public InitPlanResolver(Path proc) {
        this.proc = proc;
    }

    /** The key of {@code cgroupBinds} for the container's dir in the unified (cgroup v2) hierarchy. */
    public static final String UNIFIED_BIND = "";

    /**
     * The CREATE plan of a container.
     *
     * @param spec           the validated spec
     * @param bundle         the bundle directory (relative paths in the spec resolve against it)
     * @param execFifo       the fifo the init blocks on until start
     * @param consoleSocket  the socket for the pty master when process.terminal is set, else null
     * @param cgroupBinds    for a "cgroup" mount: on v1, controller name → host dir of this container's
     *                       cgroup; on v2, {@link #UNIFIED_BIND} → its dir in the unified hierarchy
     * @param unifiedCgroups true when the host has cgroup v2 only (a "cgroup" mount becomes cgroup2)
     */
    public InitPlan create(Spec spec, Path bundle, Path execFifo, Path consoleSocket,
            Map<String, Path> cgroupBinds, boolean unifiedCgroups) {
        Linux linux = spec.linux() == null ? emptyLinux() : spec.linux();
        InitPlan.Builder b = InitPlan.builder(InitPlan.Mode.CREATE);
        Set<NamespaceType> created = EnumSet.noneOf(NamespaceType.class);
        for (LinuxNamespace ns : linux.namespaces()) {
            NamespaceType type = namespaceType(ns.type());
            if (ns.path() == null || ns.path().isEmpty()) {
                created.add(type);
            } else {
                b.joinNamespace(type, Path.of(ns.path()));
            }
        }
        b.createNamespaces(created);
        b.waitForIdMaps(created.contains(NamespaceType.USER));
        boolean userns = created.contains(NamespaceType.USER) || linux.namespaces().stream()
            .anyMatch(n -> "user".equals(n.type()));

        Path rootfs = bundle.resolve(spec.root().path()).toAbsolutePath().normalize();
        List<InitPlan.MountOp> mounts = new ArrayList<>();
        for (Mount m : spec.mounts()) {
            mounts.addAll(mountOps(m, bundle, created, userns, cgroupBinds, unifiedCgroups));
        }
        List<InitPlan.DeviceNode> devices = new ArrayList<>();
        Set<String> devicePaths = new java.util.HashSet<>();
        for (LinuxDevice d : linux.devices()) {
            devicePaths.add(d.path());
            devices.add(new InitPlan.DeviceNode(d.path(), d.type().charAt(0),
                d.major() == null ? 0 : d.major(), d.minor() == null ? 0 : d.minor(),
                d.fileMode() == null ? 0666 : d.fileMode() & 07777,
                d.uid() == null ? 0 : d.uid().intValue(), d.gid() == null ? 0 : d.gid().intValue(), userns));
        }
        for (InitPlan.DeviceNode d : DEFAULT_DEVICES) {
            if (!devicePaths.contains(d.path())) {
                devices.add(new InitPlan.DeviceNode(d.path(), d.type(), d.major(), d.minor(), d.fileMode(), 0, 0, userns));
            }
        }
        List<InitPlan.DevSymlink> links = new ArrayList<>(DEV_SYMLINKS);
        if (Files.exists(proc.resolve("kcore"))) {
            links.add(new InitPlan.DevSymlink("/proc/kcore", "/dev/core"));
        }
        b.rootfs(new InitPlan.Rootfs(rootfs, spec.root().isReadonly(), rootPropagation(linux.rootfsPropagation()),
            mounts, devices, links, linux.maskedPaths(), linux.readonlyPaths()));

        b.hostname(spec.hostname());
        b.domainname(spec.domainname());
        linux.sysctl().forEach(b::sysctl);
        ContainerProcess p = spec.process();
        for (Rlimit r : p.rlimits()) {
            RlimitType type = RlimitType.byName(r.type()).orElseThrow(
                () -> new IllegalArgumentException("process.rlimits: unknown type " + r.type()));
            b.rlimit(new InitPlan.Rlimit(type.resource(), r.soft(), r.hard()));
        }
        b.process(seccompLoadable(processSpec(p), linux.seccomp() != null));
        if (linux.seccomp() != null) {
            b.seccomp(seccomp(linux.seccomp()));
        }
        if (p.isTerminal()) {
            b.consoleSocket(consoleSocket);
        }
        b.execFifo(execFifo);
        if (spec.hooks() != null) {
            // These two run inside the container, so the shim runs them; the other kinds run here.
            for (io.drydock.runtime.spec.Hook h : spec.hooks().createContainer()) {
                b.hook(new InitPlan.Hook(InitPlan.HookKind.CREATE_CONTAINER, h.path(), h.args(), h.env(), h.timeout()));
            }
            for (io.drydock.runtime.spec.Hook h : spec.hooks().startContainer()) {
                b.hook(new InitPlan.Hook(InitPlan.HookKind.START_CONTAINER, h.path(), h.args(), h.env(), h.timeout()));
            }
        }
        return b.build();
    }

    /**
     * The EXEC plan of a process joining a running container whose init is {@code initPid}.
     *
     * @param namespaces the namespace types the container has (created or joined)
     */
    public InitPlan exec(int initPid, Set<NamespaceType> namespaces, ContainerProcess process, Seccomp seccomp, Path consoleSocket) {
        InitPlan.Builder b = InitPlan.builder(InitPlan.Mode.EXEC);
        Map<NamespaceType, Path> join = new EnumMap<>(NamespaceType.class);
        for (NamespaceType t : namespaces) {
            join.put(t, proc.resolve(Integer.toString(initPid)).resolve("ns").resolve(t.procName()));
        }
        join.forEach(b::joinNamespace);
        for (Rlimit r : process.rlimits()) {
            RlimitType type = RlimitType.byName(r.type()).orElseThrow(
                () -> new IllegalArgumentException("process.rlimits: unknown type " + r.type()));
            b.rlimit(new InitPlan.Rlimit(type.resource(), r.soft(), r.hard()));
        }
        b.process(seccompLoadable(processSpec(process), seccomp != null));
        if (seccomp != null) {
            b.seccomp(seccomp(seccomp));
        }
        if (process.isTerminal()) {
            b.consoleSocket(consoleSocket);
        }
        return b.build();
    }

    static NamespaceType namespaceType(String json) {
        return switch (json) {
            case "pid" -> NamespaceType.PID;
            case "network" -> NamespaceType.NETWORK;
            case "mount" -> NamespaceType.MOUNT;
            case "ipc" -> NamespaceType.IPC;
            case "uts" -> NamespaceType.UTS;
            case "user" -> NamespaceType.USER;
            case "cgroup" -> NamespaceType.CGROUP;
            default -> throw new IllegalArgumentException("linux.namespaces: unsupported type " + json);
        };
    }

    /**
     * The root is made a slave (or private) recursively first, so that nothing mounted in the
     * container propagates back to the host. A "shared" rootfsPropagation would undo exactly that
     * for the host's mounts, so it is honoured as slave.
     */
    static long rootPropagation(String rootfsPropagation) {
        if (rootfsPropagation == null || rootfsPropagation.isEmpty()) {
            return MS_SLAVE | MS_REC;
        }
        return switch (rootfsPropagation) {
            case "private", "rprivate" -> MS_PRIVATE | MS_REC;
            case "slave", "rslave", "shared", "rshared" -> MS_SLAVE | MS_REC;
            case "unbindable", "runbindable" -> io.drydock.runtime.sys.MountFlags.MS_UNBINDABLE | MS_REC;
            default -> throw new IllegalArgumentException("linux.rootfsPropagation: unknown value " + rootfsPropagation);
        };
    }

    private List<InitPlan.MountOp> mountOps(Mount m, Path bundle, Set<NamespaceType> created, boolean userns,
            Map<String, Path> cgroupBinds, boolean unifiedCgroups) {
        MountOptions o = MountOptions.parse(m.options());
        long propagation = o.propagation().stream().reduce(0L, (a, x) -> a | x);
        String type = m.type() == null ? "" : m.type();
        boolean bind = o.bind() || type.equals("bind");
        if (bind) {
            Path src = bundle.resolve(m.source()).normalize();
            InitPlan.CreateTarget create = Files.isDirectory(src) ? InitPlan.CreateTarget.DIRECTORY : InitPlan.CreateTarget.FILE;
            long flags = MS_BIND | (o.recursive() ? MS_REC : 0) | o.flags();
            return List.of(new InitPlan.MountOp(src.toString(), m.destination(), null, flags, null, propagation, create));
        }
        if (type.equals("sysfs") && userns && !created.contains(NamespaceType.NETWORK)) {
            // sysfs can only be mounted by the owner of the network namespace (sysfs(5), mount_namespaces(7)):
            // in a user namespace without its own netns, bind the host's /sys read-only instead.
            return List.of(new InitPlan.MountOp("/sys", m.destination(), null,
                MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, null, 0, InitPlan.CreateTarget.DIRECTORY));
        }
        if (type.equals("cgroup") || type.equals("cgroup2")) {
            if (unifiedCgroups && userns && !created.contains(NamespaceType.CGROUP) && cgroupBinds.containsKey(UNIFIED_BIND)) {
                // cgroup2 can be mounted only by the owner of the cgroup namespace's user namespace
                // (cgroup_namespaces(7)); in a new user namespace without its own cgroup namespace
                // the kernel says EPERM. Bind the container's own cgroup dir instead, as runc does.
                return List.of(new InitPlan.MountOp(cgroupBinds.get(UNIFIED_BIND).toString(), m.destination(), null,
                    MS_BIND | MS_REC | o.flags(), null, 0, InitPlan.CreateTarget.DIRECTORY));
            }
            return cgroupMounts(m, o, cgroupBinds, unifiedCgroups);
        }
        return List.of(new InitPlan.MountOp(m.source() == null ? type : m.source(), m.destination(), type,
            o.flags(), o.data().isEmpty() ? null : o.data(), propagation, InitPlan.CreateTarget.DIRECTORY));
    }

    /**
     * On cgroup v2 a "cgroup" mount is cgroup2. On v1 (and hybrid) hosts each controller is its own
     * hierarchy: a tmpfs at the destination, and this container's own cgroup dir of every controller
     * bound under it, read-only as the options ask.
     */
    private static List<InitPlan.MountOp> cgroupMounts(Mount m, MountOptions o, Map<String, Path> cgroupBinds, boolean unified) {
        if (unified) {
            return List.of(new InitPlan.MountOp("cgroup", m.destination(), "cgroup2", o.flags(), null, 0,
                InitPlan.CreateTarget.DIRECTORY));
        }
        List<InitPlan.MountOp> ops = new ArrayList<>();
        ops.add(new InitPlan.MountOp("tmpfs", m.destination(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755", 0,
            InitPlan.CreateTarget.DIRECTORY));
        for (Map.Entry<String, Path> e : cgroupBinds.entrySet()) {
            String dest = m.destination().replaceAll("/+$", "") + "/" + e.getKey();
            ops.add(new InitPlan.MountOp(e.getValue().toString(), dest, null, MS_BIND | MS_REC | o.flags(), null, 0,
                InitPlan.CreateTarget.DIRECTORY));
        }
        if (o.readOnly()) {
            // The tmpfs itself goes read-only last, once the controller dirs are in place.
            ops.add(new InitPlan.MountOp("tmpfs", m.destination(), null,
                io.drydock.runtime.sys.MountFlags.MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755", 0,
                InitPlan.CreateTarget.NONE));
        }
        return ops;
    }

    static InitPlan.ProcessSpec processSpec(ContainerProcess p) {
        User u = p.user() == null ? User.of(0, 0) : p.user();
        List<Integer> gids = new ArrayList<>();
        for (Long g : u.additionalGids()) {
            gids.add(g.intValue());
        }
        CapabilitySets c = p.capabilities();
        // The kernel raises an ambient capability only if it is both permitted and inheritable
        // (prctl(2), PR_CAP_AMBIENT_RAISE). `runc spec` writes an ambient set and no inheritable
        // one; runc then runs the process with an empty ambient set, and so does drydock: an
        // ambient capability missing from either set is left out rather than failing the start.
        InitPlan.Capabilities caps = c == null ? InitPlan.Capabilities.none() : new InitPlan.Capabilities(
            Capability.mask(c.bounding()), Capability.mask(c.effective()), Capability.mask(c.inheritable()),
            Capability.mask(c.permitted()),
            Capability.mask(c.ambient()) & Capability.mask(c.inheritable()) & Capability.mask(c.permitted()));
        return new InitPlan.ProcessSpec(p.args(), p.env(), p.cwd(),
            u.uid() == null ? 0 : u.uid().intValue(), u.gid() == null ? 0 : u.gid().intValue(), gids,
            u.umask(), p.isNoNewPrivileges(), p.oomScoreAdj(), caps, p.isTerminal());
    }

    /**
     * The shim loads the seccomp filter as its very last step, after switching to the process's
     * user and capabilities. Without no_new_privs the kernel lets only a holder of CAP_SYS_ADMIN
     * load a filter (seccomp(2)), so the shim keeps it in its permitted and effective sets until
     * then. The process does not inherit it: execve(2) computes the new permitted and effective
     * sets from the inheritable, bounding and ambient sets and the file's capabilities, never
     * from the caller's permitted or effective sets (capabilities(7), "Transformation of
     * capabilities during execve()").
     */
    static InitPlan.ProcessSpec seccompLoadable(InitPlan.ProcessSpec p, boolean seccomp) {
        if (!seccomp || p.noNewPrivileges()) {
            return p;
        }
        long admin = 1L << Capability.CAP_SYS_ADMIN.number();
        InitPlan.Capabilities c = p.capabilities();
        InitPlan.Capabilities loading = new InitPlan.Capabilities(c.bounding(), c.effective() | admin, c.inheritable(),
            c.permitted() | admin, c.ambient());
        return new InitPlan.ProcessSpec(p.args(), p.env(), p.cwd(), p.uid(), p.gid(), p.additionalGids(), p.umask(),
            p.noNewPrivileges(), p.oomScoreAdj(), loading, p.terminal());
    }

    static InitPlan.Seccomp seccomp(Seccomp s) {
        List<InitPlan.SeccompRule> rules = new ArrayList<>();
        for (Seccomp.Syscall sc : s.syscalls()) {
            List<InitPlan.SeccompArg> args = new ArrayList<>();
            for (Seccomp.Arg a : sc.args()) {
                args.add(new InitPlan.SeccompArg(a.index(), a.value() == null ? 0 : a.value(),
                    a.valueTwo() == null ? 0 : a.valueTwo(), seccompOp(a.op())));
            }
            rules.add(new InitPlan.SeccompRule(sc.names(), seccompAction(sc.action()),
                sc.errnoRet() == null ? 1 : sc.errnoRet(), args));
        }
        return new InitPlan.Seccomp(seccompAction(s.defaultAction()),
            s.defaultErrnoRet() == null ? 1 : s.defaultErrnoRet(), s.architectures(), rules);
    }

    static InitPlan.SeccompAction seccompAction(String name) {
        return switch (name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> InitPlan.SeccompAction.KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> InitPlan.SeccompAction.KILL_PROCESS;
            case "SCMP_ACT_TRAP" -> InitPlan.SeccompAction.TRAP;
            case "SCMP_ACT_ERRNO" -> InitPlan.SeccompAction.ERRNO;
            case "SCMP_ACT_TRACE" -> InitPlan.SeccompAction.TRACE;
            case "SCMP_ACT_ALLOW" -> InitPlan.SeccompAction.ALLOW;
            case "SCMP_ACT_LOG" -> InitPlan.SeccompAction.LOG;
            default -> throw new IllegalArgumentException("linux.seccomp: action " + name + " is not supported");
        };
    }

    static InitPlan.SeccompOp seccompOp(String name) {
        String n = name.startsWith("SCMP_CMP_") ? name.substring(9) : name;
        return InitPlan.SeccompOp.valueOf(n.toUpperCase(Locale.ROOT));
    }

    private static InitPlan.DeviceNode dev(String path, int major, int minor) {
        return new InitPlan.DeviceNode(path, 'c', major, minor, 0666, 0, 0, false);
    }

    private static Linux emptyLinux() {
        return new Linux(List.of(), List.of(), List.of(), List.of(), null, null, new LinkedHashMap<>(), null, null,
            List.of(), List.of(), null, null);
    }
}
