package io.drydock.runtime.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code config.json} that {@code drydock spec} writes: a shell in a {@code rootfs} directory
 * next to the config, isolated in its own pid, network, ipc, uts and mount namespaces, with the
 * standard file systems mounted, the kernel's sensitive files masked or read-only and a minimal
 * capability set. The {@link #rootless} variant runs in a user namespace as the calling user.
 */
public final class DefaultSpec {
    /** The rootfs directory name, relative to the bundle. */
    public static final String ROOTFS = "rootfs";
    /** The hostname of a default container. */
    public static final String HOSTNAME = "drydock";

    /** Enough to signal own processes, bind ports below 1024 and write audit records (login tools need it). */
    static final List<String> CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    /** Files under /proc and /sys that leak host information or let a container poke the host kernel. */
    static final List<String> MASKED_PATHS = List.of(
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
        "/sys/firmware", "/sys/devices/virtual/powercap");

    /** Kernel tunables the container may read but not change. */
    static final List<String> READONLY_PATHS = List.of(
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private DefaultSpec() {
    }

    /** The default spec, for a container started by root. */
    public static Spec standard() {
        Linux linux = new Linux(
            namespaces(false), List.of(), List.of(), List.of(), null,
            // Deny every device by default; the runtime allows the standard ones (null, zero, tty...).
            new LinuxResources(List.of(new LinuxResources.DeviceRule(false, null, null, null, "rwm")),
                null, null, null, null, Map.of()),
            Map.of(), null, null, MASKED_PATHS, READONLY_PATHS, null, null);
        return new Spec(Spec.OCI_VERSION, process(), new Root(ROOTFS, true), HOSTNAME, null,
            mounts(false), null, Map.of(), linux);
    }

    /**
     * The rootless spec: a new user namespace mapping container root (0) to {@code uid}/{@code gid}
     * on the host, no network namespace (an unprivileged user cannot wire one to anything), sysfs
     * bind-mounted from the host (a new sysfs needs a network namespace owned by the user
     * namespace), no cgroup mount and no device cgroup rules (an unprivileged user cannot set them),
     * and no {@code gid=5} on devpts (that group is not mapped).
     */
    public static Spec rootless(long uid, long gid) {
        Linux linux = new Linux(
            namespaces(true),
            List.of(IdMapping.of(0, uid, 1)),
            List.of(IdMapping.of(0, gid, 1)),
            List.of(), null, null, Map.of(), null, null, MASKED_PATHS, READONLY_PATHS, null, null);
        return new Spec(Spec.OCI_VERSION, process(), new Root(ROOTFS, true), HOSTNAME, null,
            mounts(true), null, Map.of(), linux);
    }

    /** {@link #rootless(long, long)} for the user running this JVM (the owner of {@code /proc/self}). */
    public static Spec rootlessForCurrentUser() throws IOException {
        Path self = Path.of("/proc/self");
        int uid = (Integer) Files.getAttribute(self, "unix:uid");
        int gid = (Integer) Files.getAttribute(self, "unix:gid");
        return rootless(Integer.toUnsignedLong(uid), Integer.toUnsignedLong(gid));
    }

    private static ContainerProcess process() {
        CapabilitySets caps = new CapabilitySets(CAPABILITIES, CAPABILITIES, List.of(), CAPABILITIES, List.of());
        return new ContainerProcess(
            true, null, User.of(0, 0),
            List.of("sh"),
            List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
            "/", caps,
            List.of(Rlimit.of(RlimitType.RLIMIT_NOFILE, 1024, 1024)),
            true, null, null, null);
    }

    private static List<LinuxNamespace> namespaces(boolean rootless) {
        List<LinuxNamespace> ns = new ArrayList<>();
        ns.add(LinuxNamespace.create(NamespaceType.PID));
        if (!rootless) {
            ns.add(LinuxNamespace.create(NamespaceType.NETWORK));
        }
        ns.add(LinuxNamespace.create(NamespaceType.IPC));
        ns.add(LinuxNamespace.create(NamespaceType.UTS));
        ns.add(LinuxNamespace.create(NamespaceType.MOUNT));
        if (rootless) {
            ns.add(LinuxNamespace.create(NamespaceType.USER));
        }
        return ns;
    }

    private static List<Mount> mounts(boolean rootless) {
        List<Mount> m = new ArrayList<>();
        m.add(Mount.of("/proc", "proc", "proc", List.of()));
        m.add(Mount.of("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        List<String> devpts = new ArrayList<>(List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"));
        if (!rootless) {
            devpts.add("gid=5"); // the tty group of most distributions
        }
        m.add(Mount.of("/dev/pts", "devpts", "devpts", devpts));
        m.add(Mount.of("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        m.add(Mount.of("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        if (rootless) {
            m.add(Mount.of("/sys", "bind", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
        } else {
            m.add(Mount.of("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
            m.add(Mount.of("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
        }
        return m;
    }
}
