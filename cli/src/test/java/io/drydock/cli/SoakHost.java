package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.Ipv4Subnet;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One test class's own drydock on this host: its image and state roots in a new temporary
 * directory, its own network (name, bridge, a free /24), its own cgroup parent, an engine on
 * them, the environment that points the distribution's {@code drydock} and {@code drydock-runc}
 * at the same, and the {@link HostInventory} scoped to all of it. {@link #close} removes
 * everything: containers, network, cgroup parent, directories; ip_forward as it was.
 */
final class SoakHost implements AutoCloseable {
    static final Path DRYDOCK = Path.of("target", "drydock", "bin", "drydock").toAbsolutePath();
    static final Path RUNC = Path.of("target", "drydock", "bin", "drydock-runc").toAbsolutePath();
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
    static final Syscalls SYS = new LinuxSyscalls();

    final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    final Path dir;
    final Path images;
    final Path state;
    final String cgroupParent;
    /** How this host's VMs are named, before eight hex digits. */
    final String vmPrefix;
    final NetworkConfig network;
    final Engine engine;
    final HostInventory inventory;
    private final String ipForwardBefore;

    /** What a process printed and its exit status (128 + signal when a signal ended it). */
    record Result(int code, String out, String err) {}

    SoakHost(String label) throws Exception {
        dir = Files.createTempDirectory("drydock-" + label + "-");
        images = dir.resolve("images");
        state = dir.resolve("state");
        cgroupParent = "/drydock-" + label + "-" + suffix;
        vmPrefix = "drydock-" + label + "-" + suffix + "-";
        network = NetworkConfig.of("drydock-" + label + "-" + suffix, "dk" + label.charAt(0) + suffix, freeSubnet(), state);
        ipForwardBefore = Files.readString(IP_FORWARD).strip();
        engine = Engine.open(new Engine.Config(images, state, network).withCgroupParent(cgroupParent));
        inventory = new HostInventory(new HostInventory.Scope(List.of(images, state), cgroupParent, network.bridge(),
            network.name(), network.subnet().toString().replaceAll("\\.0/24$", "."), vmPrefix));
    }

    /** The environment that makes the distribution's commands use this host's roots, network and cgroup parent. */
    Map<String, String> env() {
        return Map.of("DRYDOCK_ROOT", images.toString(), "DRYDOCK_STATE_ROOT", state.toString(),
            "DRYDOCK_NETWORK", network.name(), "DRYDOCK_BRIDGE", network.bridge(),
            "DRYDOCK_SUBNET", network.subnet().toString(), "DRYDOCK_CGROUP_PARENT", cgroupParent,
            "DRYDOCK_VM_ROOT", state.resolve("vm").toString(), "DRYDOCK_VM_PREFIX", vmPrefix);
    }

    /** Runs a command with {@link #env} plus {@code extra}, output to files (a detached container keeps its stdio). */
    Result exec(Map<String, String> extra, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env());
            pb.environment().putAll(extra);
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A foreground run through the in-process engine; returns the container's exit code. */
    int runForeground(RunOptions options) throws Exception {
        int devNull = SYS.open("/dev/null", Syscalls.O_RDWR | Syscalls.O_CLOEXEC, 0);
        try {
            return engine.runForeground(options, Stdio.of(devNull, devNull, devNull), null);
        } finally {
            SYS.close(devNull);
        }
    }

    /**
     * Reaps drydock's own processes (stage0, init) that died as children of this JVM. A test JVM
     * that runs the engine in-process is a child subreaper (as the engine makes it), so when a
     * drydock process it started is killed, that process's shim stages re-parent to this JVM
     * instead of to init(1), which would have reaped them; reaping them is this JVM's job then.
     */
    void reapOrphanedShims() throws IOException {
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    String[] rest = stat.substring(close + 2).split(" ");
                    if (rest[0].equals("Z") && Long.parseLong(rest[1]) == self && comm.startsWith("drydock:")) {
                        SYS.waitpid(Integer.parseInt(name), 1 /* WNOHANG */);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        List<Exception> failures = new ArrayList<>();
        try {
            engine.prune();
            for (EngineContainer c : engine.list(true)) {
                try {
                    engine.remove(c.id(), true);
                } catch (Exception e) {
                    failures.add(e);
                }
            }
            engine.prune();
        } catch (Exception e) {
            failures.add(e);
        } finally {
            engine.close();
        }
        removeCgroupParent();
        Files.writeString(IP_FORWARD, ipForwardBefore);
        if (!Files.readString(Path.of("/proc/self/mountinfo")).contains(dir.toString())) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (!failures.isEmpty()) {
            Exception first = failures.getFirst();
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** rmdir of the (by now empty) parent in every hierarchy; a non-empty one stays and the inventory shows why. */
    void removeCgroupParent() {
        Path root = Path.of("/sys/fs/cgroup");
        List<Path> hierarchies = new ArrayList<>();
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            hierarchies.add(root);
        } else {
            try (Stream<Path> hs = Files.list(root)) {
                hs.filter(h -> Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS)).forEach(hierarchies::add);
            } catch (IOException e) {
                return;
            }
        }
        for (Path h : hierarchies) {
            try {
                Files.deleteIfExists(h.resolve(cgroupParent.substring(1)));
            } catch (IOException e) {
                // not empty: left for the inventory to report
            }
        }
    }

    private static Ipv4Subnet freeSubnet() throws IOException {
        String used = HostInventory.run("ip", "-o", "addr") + HostInventory.run("ip", "-o", "route");
        for (int attempt = 0; attempt < 100; attempt++) {
            int third = 100 + ThreadLocalRandom.current().nextInt(150);
            if (!used.contains("10.93." + third + ".")) {
                return Ipv4Subnet.parse("10.93." + third + ".0/24");
            }
        }
        throw new IllegalStateException("no free 10.93.x.0/24 on this host");
    }

    /** With {@code -Dsoak.progress=FILE}, keeps {@code line} as that file's one line (scripts/soak shows it live). */
    static void progress(String line) {
        String file = System.getProperty("soak.progress");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), line + "\n");
            } catch (IOException e) {
                // progress is a courtesy
            }
        }
    }

    /** Prints a figure and, with {@code -Dsoak.figures=FILE}, appends it there (scripts/soak prints them at the end). */
    static void figures(String line) throws IOException {
        System.out.println("soak: " + line);
        String file = System.getProperty("soak.figures");
        if (file != null) {
            Files.writeString(Path.of(file), line + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        }
    }
}
