package io.drydock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a test's drydock has on this host, scoped to what that test made (its own state and image
 * roots, cgroup parent, bridge, network name, subnet and VM name prefix), because other drydocks
 * run containers and VMs on the same host at the same time. A snapshot lists, per kind: mounts
 * under the roots, cgroup directories below the parent in every v1 hierarchy and in v2, links of
 * the bridge, iptables rules naming the network, files under the roots, this JVM's open fds,
 * processes (this JVM's descendants and any process in the parent cgroup) and libvirt domains;
 * {@link #diff} says what appeared and what vanished between two snapshots.
 */
final class HostInventory {
    /** What to look at. */
    record Scope(List<Path> roots, String cgroupParent, String bridge, String networkName, String subnet,
                 String domainPrefix) {
        Scope {
            roots = List.copyOf(roots);
        }
    }

    /** One snapshot: per kind, the sorted entries. */
    record Snapshot(Map<String, SortedSet<String>> kinds) {
        int count(String kind) {
            return kinds.getOrDefault(kind, new TreeSet<>()).size();
        }
    }

    /** What appeared (left behind) and what vanished between two snapshots, per kind; empty when nothing changed. */
    record Diff(Map<String, SortedSet<String>> appeared, Map<String, SortedSet<String>> vanished) {
        boolean isEmpty() {
            return appeared.isEmpty() && vanished.isEmpty();
        }

        /** One line per kind that changed, for a failure message or a report. */
        @Override
        public String toString() {
            if (isEmpty()) {
                return "nothing";
            }
            StringBuilder b = new StringBuilder();
            appeared.forEach((k, v) -> b.append("\n  left ").append(k).append(" (").append(v.size()).append("): ").append(first(v)));
            vanished.forEach((k, v) -> b.append("\n  gone ").append(k).append(" (").append(v.size()).append("): ").append(first(v)));
            return b.toString();
        }

        private static String first(SortedSet<String> entries) {
            List<String> shown = entries.stream().limit(8).toList();
            return shown + (entries.size() > shown.size() ? " and " + (entries.size() - shown.size()) + " more" : "");
        }
    }

    static final String MOUNTS = "mounts";
    static final String CGROUPS = "cgroups";
    static final String LINKS = "links";
    static final String IPTABLES = "iptables rules";
    static final String FILES = "state files";
    static final String FDS = "JVM fds";
    static final String PROCESSES = "processes";
    static final String DOMAINS = "libvirt domains";

    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    /** A jump to a per-container CNI chain (CNI-DN-..., CNI-...); the shared CNI-HOSTPORT-* chains are everyone's. */
    private static final Pattern CHAIN = Pattern.compile("-[jg] (CNI-(?!HOSTPORT-)[A-Za-z0-9_-]+)");

    private final Scope scope;

    HostInventory(Scope scope) {
        this.scope = scope;
    }

    Snapshot take() throws IOException {
        Map<String, SortedSet<String>> kinds = new LinkedHashMap<>();
        kinds.put(MOUNTS, mounts());
        kinds.put(CGROUPS, cgroups());
        kinds.put(LINKS, links());
        kinds.put(IPTABLES, iptables());
        kinds.put(FILES, files());
        kinds.put(FDS, fds());
        kinds.put(PROCESSES, settledProcesses());
        kinds.put(DOMAINS, domains());
        return new Snapshot(kinds);
    }

    static Diff diff(Snapshot before, Snapshot after) {
        Map<String, SortedSet<String>> appeared = new LinkedHashMap<>();
        Map<String, SortedSet<String>> vanished = new LinkedHashMap<>();
        for (String kind : after.kinds().keySet()) {
            SortedSet<String> b = before.kinds().getOrDefault(kind, new TreeSet<>());
            SortedSet<String> a = after.kinds().get(kind);
            SortedSet<String> plus = new TreeSet<>(a);
            plus.removeAll(b);
            SortedSet<String> minus = new TreeSet<>(b);
            minus.removeAll(a);
            if (!plus.isEmpty()) {
                appeared.put(kind, plus);
            }
            // A zombie that was reaped meanwhile (another test's child, libvirtd's QEMU) is no change.
            minus.removeIf(entry -> kind.equals(PROCESSES) && entry.endsWith(" Z"));
            if (!minus.isEmpty()) {
                vanished.put(kind, minus);
            }
        }
        return new Diff(appeared, vanished);
    }

    /** proc_pid_mountinfo(5): field 5 is the mount point (octal escapes for spaces). */
    private SortedSet<String> mounts() throws IOException {
        SortedSet<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && underRoots(f[4])) {
                out.add(f[4]);
            }
        }
        return out;
    }

    private boolean underRoots(String path) {
        return scope.roots().stream().anyMatch(r -> path.startsWith(r.toString()));
    }

    /** Every cgroup directory below the parent, in each v1 hierarchy and in the v2 one (hybrid or pure). */
    private SortedSet<String> cgroups() throws IOException {
        SortedSet<String> out = new TreeSet<>();
        String rel = scope.cgroupParent().substring(1);
        List<Path> hierarchies = new ArrayList<>();
        if (Files.exists(CGROUP_ROOT.resolve("cgroup.controllers"))) {
            hierarchies.add(CGROUP_ROOT); // pure v2
        } else {
            try (Stream<Path> hs = Files.list(CGROUP_ROOT)) {
                hs.filter(h -> Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS)).forEach(hierarchies::add);
            }
        }
        for (Path h : hierarchies) {
            Path parent = h.resolve(rel);
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(parent)) {
                walk.filter(p -> !p.equals(parent) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> out.add(CGROUP_ROOT.relativize(p).toString()));
            } catch (java.io.UncheckedIOException e) {
                // a cgroup removed while walked: the next snapshot sees the truth
            }
        }
        return out;
    }

    /** The bridge itself and every link enslaved to it (veths of containers, taps of VMs). */
    private SortedSet<String> links() throws IOException {
        SortedSet<String> out = new TreeSet<>();
        for (String line : run("ip", "-o", "link", "show").lines().toList()) {
            String[] f = line.split(":\\s+", 3);
            if (f.length < 3) {
                continue;
            }
            String name = f[1].contains("@") ? f[1].substring(0, f[1].indexOf('@')) : f[1];
            if (name.equals(scope.bridge()) || line.contains(" master " + scope.bridge() + " ")) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * iptables-save lines naming the network, bridge or subnet (CNI's rules carry the network's
     * name in comments), and the declarations of the CNI chains those lines use; counters dropped.
     */
    private SortedSet<String> iptables() throws IOException {
        SortedSet<String> out = new TreeSet<>();
        for (String table : List.of("nat", "filter", "mangle")) {
            List<String> lines = run("iptables-save", "-t", table).lines().toList();
            Set<String> chains = new TreeSet<>();
            for (String line : lines) {
                if (line.contains(scope.networkName()) || line.contains(scope.bridge()) || line.contains(scope.subnet())) {
                    out.add(table + " " + line);
                    Matcher m = CHAIN.matcher(line);
                    while (m.find()) {
                        chains.add(m.group(1));
                    }
                }
            }
            for (String line : lines) {
                for (String chain : chains) {
                    if (line.startsWith(":" + chain + " ") || line.startsWith("-A " + chain + " ")) {
                        out.add(table + " " + line.replaceAll("\\[\\d+:\\d+\\]", ""));
                    }
                }
            }
        }
        return out;
    }

    /** Files and directories under the roots (four levels: records, snapshots, bundles, runtime state, IPAM, cache). */
    private SortedSet<String> files() throws IOException {
        SortedSet<String> out = new TreeSet<>();
        // A mounted root filesystem shows as its mount point (and under "mounts"), not as its thousand files.
        List<Path> mounted = mounts().stream().map(Path::of).toList();
        for (Path root : scope.roots()) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root, 4, new FileVisitOption[0])) {
                walk.filter(p -> !p.equals(root))
                    .filter(p -> mounted.stream().noneMatch(m -> p.startsWith(m) && !p.equals(m)))
                    .map(root::relativize).map(Path::toString)
                    // the content store and unpacked layers are shared by every container and stay
                    .filter(p -> !p.startsWith("blobs") && !p.startsWith("layers/"))
                    .forEach(p -> out.add(root.getFileName() + "/" + p));
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e.getCause();
                }
            }
        }
        return out;
    }

    /**
     * This JVM's open fds by what they point at, each with its count. The JVM opens jar files and
     * its own libraries as it loads classes: those are left out, so that what remains is fds
     * drydock opened (files, pipes, sockets, pidfds, namespaces).
     */
    private static SortedSet<String> fds() throws IOException {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // the fd this listing itself used, closed meanwhile
                }
                if (target.endsWith(".jar") || target.contains("/lib/jvm/") || target.endsWith(".jsa")
                        || target.contains("/.m2/") || target.contains("surefire") || target.contains("failsafe")) {
                    continue;
                }
                // pipe:[123], socket:[456]: the inode changes per fd, the kind is what counts
                String kind = target.replaceAll(":\\[\\d+\\]$", "");
                counts.merge(kind, 1, Integer::sum);
            }
        }
        SortedSet<String> out = new TreeSet<>();
        counts.forEach((k, n) -> out.add(k + " x" + n));
        return out;
    }

    /** Number of this JVM's open fds, all of them (the figure the issue asks to compare). */
    static int fdCount() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    /**
     * {@link #processes()}, once zombies are gone or 5 s have passed: a parent reaps its child a
     * moment after it dies (libvirtd its QEMU), and only a zombie nobody reaps is a leak.
     */
    private SortedSet<String> settledProcesses() throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        SortedSet<String> now = processes();
        while (now.stream().anyMatch(entry -> entry.endsWith(" Z")) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = processes();
        }
        return now;
    }

    /** This JVM's descendants (zombies too: an unreaped child is a leak) and every process in the parent cgroup. */
    private SortedSet<String> processes() throws IOException {
        long self = ProcessHandle.current().pid();
        Map<Long, Long> parent = new java.util.HashMap<>();
        Map<Long, String> describe = new java.util.HashMap<>();
        SortedSet<String> out = new TreeSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    String[] rest = stat.substring(close + 2).split(" ");
                    parent.put(pid, Long.parseLong(rest[1]));
                    describe.put(pid, pid + " " + comm + " " + rest[0]);
                    String cgroup = Files.readString(p.resolve("cgroup"));
                    if (cgroup.contains(":" + scope.cgroupParent() + "/")) {
                        out.add(pid + " " + comm + " " + rest[0]);
                    }
                } catch (IOException | RuntimeException e) {
                    // exited while looked at
                }
            }
        }
        for (Map.Entry<Long, Long> e : parent.entrySet()) {
            long pid = e.getKey();
            for (long up = e.getValue(), hops = 0; up > 1 && hops < 64; up = parent.getOrDefault(up, 0L), hops++) {
                if (up == self) {
                    out.add(describe.get(pid));
                    break;
                }
            }
        }
        return out;
    }

    /** The domains named with the prefix, and libvirt's QEMU logs of such domains (libvirt keeps them after undefine). */
    private SortedSet<String> domains() throws IOException {
        SortedSet<String> out = new TreeSet<>();
        if (scope.domainPrefix() == null) {
            return out;
        }
        Path logs = Path.of("/var/log/libvirt/qemu");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(scope.domainPrefix()))
                    .forEach(n -> out.add("log " + n));
            }
        }
        for (String name : run("virsh", "-q", "-c", "qemu:///system", "list", "--all", "--name").lines().toList()) {
            if (name.strip().startsWith(scope.domainPrefix())) {
                out.add(name.strip());
            }
        }
        return out;
    }

    /** A command's standard output ("" when the tool is missing or fails: its kind then stays empty). */
    static String run(String... command) throws IOException {
        Process p;
        try {
            // stdin from /dev/null and stdout closed once read: a pipe left to the garbage collector
            // would close at a random moment and show as an fd that vanished between two snapshots.
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return "";
        }
        try (java.io.InputStream stdout = p.getInputStream()) {
            String out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
