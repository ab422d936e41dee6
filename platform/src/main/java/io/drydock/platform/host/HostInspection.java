package io.drydock.platform.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Inspects what this host offers drydock: namespaces, cgroups, overlayfs, seccomp, KVM, libvirt,
 * CNI plugins, peer runtimes and the JDK. Files are read under a root {@link Path} ("/" on a real
 * host) so that tests can point it at a fixture tree; tools are looked up on the given PATH dirs.
 */
public final class HostInspection {
    private static final List<String> NAMESPACES = List.of("pid", "mnt", "uts", "ipc", "net", "cgroup", "user");
    private static final List<String> CNI_PLUGINS = List.of("bridge", "host-local", "portmap", "loopback");

    private final Path root;
    private final List<Path> toolDirs;

    public HostInspection(Path root, List<Path> toolDirs) {
        this.root = root;
        this.toolDirs = List.copyOf(toolDirs);
    }

    /** The real host, with tools looked up on $PATH and the usual sbin dirs. */
    public static HostInspection ofThisHost() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String d : path.split(":")) {
            if (!d.isEmpty()) {
                dirs.add(Path.of(d));
            }
        }
        for (String d : List.of("/usr/sbin", "/sbin", "/usr/local/sbin")) {
            dirs.add(Path.of(d));
        }
        return new HostInspection(Path.of("/"), dirs);
    }

    /** Every finding, in the order a person reads them. */
    public List<Finding> inspect() {
        List<Finding> out = new ArrayList<>();
        out.add(namespaces());
        out.add(userNamespaces());
        out.add(cgroups());
        out.add(overlayfs());
        out.add(seccomp());
        out.add(kvm());
        out.add(libvirt());
        out.add(qemu());
        out.add(cniPlugins());
        out.add(peerRuntime("runc"));
        out.add(peerRuntime("crun"));
        out.add(jdk());
        return out;
    }

    Finding namespaces() {
        List<String> missing = new ArrayList<>();
        for (String ns : NAMESPACES) {
            if (!Files.exists(file("proc/self/ns/" + ns), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                missing.add(ns);
            }
        }
        if (missing.isEmpty()) {
            return new Finding("namespaces", Finding.Status.OK, String.join(", ", NAMESPACES),
                "containers get their own pid, mount, uts, ipc, network and cgroup namespaces");
        }
        return new Finding("namespaces", Finding.Status.MISSING, "missing: " + String.join(", ", missing),
            "containers cannot be isolated in the missing namespaces; the runtime refuses specs that ask for them");
    }

    Finding userNamespaces() {
        String max = read("proc/sys/user/max_user_namespaces").strip();
        if (max.isEmpty() || max.equals("0")) {
            return new Finding("user namespaces", Finding.Status.MISSING,
                "/proc/sys/user/max_user_namespaces is " + (max.isEmpty() ? "absent" : "0"),
                "specs with a user namespace and uid/gid mappings cannot run");
        }
        return new Finding("user namespaces", Finding.Status.OK, "max_user_namespaces=" + max,
            "uid/gid mappings work; rootless-style specs can run");
    }

    Finding cgroups() {
        boolean v2 = false;
        List<String> v1Controllers = new ArrayList<>();
        String v2Path = null;
        for (String line : read("proc/self/mountinfo").split("\n")) {
            int sep = line.indexOf(" - ");
            if (sep < 0) {
                continue;
            }
            String[] pre = line.substring(0, sep).split(" ");
            String[] post = line.substring(sep + 3).split(" ");
            if (post.length < 3 || pre.length < 5) {
                continue;
            }
            if (post[0].equals("cgroup2")) {
                v2 = true;
                v2Path = pre[4];
            } else if (post[0].equals("cgroup")) {
                for (String opt : post[2].split(",")) {
                    if (List.of("cpu", "cpuacct", "cpuset", "memory", "pids", "blkio", "devices", "freezer").contains(opt)) {
                        v1Controllers.add(opt);
                    }
                }
            }
        }
        if (!v1Controllers.isEmpty() && v2) {
            String v2Controllers = v2Path == null ? "" : read(Path.of(v2Path).resolve("cgroup.controllers").toString().substring(1)).strip();
            return new Finding("cgroups", Finding.Status.OK,
                "hybrid: v1 controllers " + String.join(",", v1Controllers) + "; v2 at " + v2Path
                    + " with controllers [" + v2Controllers + "]",
                "limits and stats use the v1 hierarchies; crun 1.8 refuses this layout unless the empty v2 mount is hidden");
        }
        if (v2) {
            return new Finding("cgroups", Finding.Status.OK, "unified (v2) at " + v2Path,
                "limits and stats use cgroup v2");
        }
        if (!v1Controllers.isEmpty()) {
            return new Finding("cgroups", Finding.Status.OK, "legacy v1: " + String.join(",", v1Controllers),
                "limits and stats use the v1 hierarchies");
        }
        return new Finding("cgroups", Finding.Status.MISSING, "no cgroup filesystem mounted",
            "no limits and no per-container stats; memory/CPU benchmarks cannot run");
    }

    Finding overlayfs() {
        boolean ok = read("proc/filesystems").lines().anyMatch(l -> l.strip().endsWith("overlay"));
        return ok
            ? new Finding("overlayfs", Finding.Status.OK, "overlay in /proc/filesystems",
                "container rootfs are copy-on-write overlays of shared image layers")
            : new Finding("overlayfs", Finding.Status.LIMITED, "overlay not in /proc/filesystems (the module may load on first mount)",
                "if it cannot load, images cannot be mounted copy-on-write");
    }

    Finding seccomp() {
        String actions = read("proc/sys/kernel/seccomp/actions_avail").strip();
        boolean status = read("proc/self/status").contains("Seccomp:");
        if (!actions.isEmpty() || status) {
            return new Finding("seccomp", Finding.Status.OK,
                actions.isEmpty() ? "Seccomp field in /proc/self/status" : "actions: " + actions,
                "seccomp profiles from config.json are enforced");
        }
        return new Finding("seccomp", Finding.Status.MISSING, "the kernel reports no seccomp",
            "specs with linux.seccomp cannot run");
    }

    Finding kvm() {
        Path dev = file("dev/kvm");
        if (Files.exists(dev) && Files.isReadable(dev) && Files.isWritable(dev)) {
            return new Finding("/dev/kvm", Finding.Status.OK, "present and accessible",
                "VMs run with KVM (domain type kvm); results say so");
        }
        return new Finding("/dev/kvm", Finding.Status.LIMITED, Files.exists(dev) ? "present but not accessible" : "absent",
            "VMs run under QEMU's TCG emulation (domain type qemu): much slower CPU and boot; every result records TCG");
    }

    Finding libvirt() {
        Path libvirtd = tool("libvirtd");
        boolean socket = Files.exists(file("run/libvirt/libvirt-sock"));
        if (libvirtd == null) {
            return new Finding("libvirt", Finding.Status.MISSING, "libvirtd not installed",
                "no VM side: run scripts/setup --vm to install QEMU and libvirt");
        }
        return new Finding("libvirt", socket ? Finding.Status.OK : Finding.Status.LIMITED,
            version(libvirtd, "--version") + (socket ? ", daemon answering on /run/libvirt/libvirt-sock" : ", daemon not running"),
            socket ? "VMs are driven through qemu:///system" : "scripts start libvirtd and virtlogd before VM runs");
    }

    Finding qemu() {
        Path q = tool("qemu-system-x86_64");
        return q == null
            ? new Finding("QEMU", Finding.Status.MISSING, "qemu-system-x86_64 not installed", "no VM side and no bare-QEMU baseline")
            : new Finding("QEMU", Finding.Status.OK, version(q, "--version"), "VMs and the bare-QEMU baseline can run");
    }

    Finding cniPlugins() {
        List<String> missing = new ArrayList<>();
        Path dir = null;
        for (String d : List.of("usr/lib/cni", "opt/cni/bin")) {
            if (Files.isDirectory(file(d))) {
                dir = file(d);
                break;
            }
        }
        for (String p : CNI_PLUGINS) {
            if (dir == null || !Files.isExecutable(dir.resolve(p))) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return new Finding("CNI plugins", Finding.Status.OK, String.join(", ", CNI_PLUGINS) + " in /" + root.relativize(dir),
                "bridge networking and port mapping for containers and VMs");
        }
        return new Finding("CNI plugins", Finding.Status.MISSING, "missing: " + String.join(", ", missing),
            "only --network host and none work; install containernetworking-plugins");
    }

    Finding peerRuntime(String name) {
        Path p = tool(name);
        return p == null
            ? new Finding(name, Finding.Status.MISSING, "not installed", name + " is left out of comparisons and certification")
            : new Finding(name, Finding.Status.OK, version(p, "--version"), name + " is measured and certified beside drydock");
    }

    Finding jdk() {
        Runtime.Version v = Runtime.version();
        return v.feature() >= 21
            ? new Finding("JDK", Finding.Status.OK, v + " at " + System.getProperty("java.home"),
                v.feature() >= 25 ? "AOT cache available for fast drydock-runc start" : "drydock runs; JVM start is not AOT-cached")
            : new Finding("JDK", Finding.Status.MISSING, v.toString(), "drydock needs a JDK 21 or newer");
    }

    private Path file(String relative) {
        return root.resolve(relative);
    }

    private String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private Path tool(String name) {
        for (Path d : toolDirs) {
            Path p = d.resolve(name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The first line a tool prints about its version; "version unknown" if it prints nothing. */
    static String version(Path tool, String flag) {
        try {
            Process p = new ProcessBuilder(tool.toString(), flag).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            String first = out.lines().findFirst().orElse("").strip();
            return first.isEmpty() ? tool + " (version unknown)" : first;
        } catch (IOException e) {
            return tool + " (cannot run: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return tool + " (interrupted)";
        }
    }

    /** A short label for the status column. */
    public static String label(Finding.Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
