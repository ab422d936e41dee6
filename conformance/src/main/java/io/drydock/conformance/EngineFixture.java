package io.drydock.conformance;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.Ipv4Subnet;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * drydock's engine for the engine areas (port mapping, copy-on-write): its own image store, state
 * root, network name, bridge and free subnet, so it touches nothing else on the host, and a
 * {@link #close()} that removes its containers, network, rules and directories.
 */
public final class EngineFixture implements AutoCloseable {
    private static final Syscalls SYS = new LinuxSyscalls();
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final Path dir;
    private final Engine engine;
    private final String ipForwardBefore;

    private EngineFixture(Path dir, Engine engine, String ipForwardBefore) {
        this.dir = dir;
        this.engine = engine;
        this.ipForwardBefore = ipForwardBefore;
    }

    /** Opens an engine in a new temporary directory. */
    public static EngineFixture open() throws Exception {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        Path dir = Files.createTempDirectory("drydock-certify-engine-");
        Path state = dir.resolve("state");
        NetworkConfig net = NetworkConfig.of("drydock-certify-" + suffix, "dcert" + suffix, freeSubnet(), state);
        String forward = Files.readString(IP_FORWARD).strip();
        return new EngineFixture(dir, Engine.open(new Engine.Config(dir.resolve("images"), state, net)), forward);
    }

    public Engine engine() {
        return engine;
    }

    /** What a foreground run or exec printed, and its exit status. */
    public record Run(int exit, String output) {}

    /** Runs a container in the foreground; its output and exit status. */
    public Run run(RunOptions options) throws Exception {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        int fd = SYS.open(out.toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
        int devNull = SYS.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        try {
            int code = engine.runForeground(options, Stdio.of(devNull, fd, fd), null);
            return new Run(code, Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            SYS.close(fd);
            SYS.close(devNull);
        }
    }

    /** Runs {@code command} in a running container; its output and exit status. */
    public Run exec(String container, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "exec-", ".txt");
        int fd = SYS.open(out.toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
        int devNull = SYS.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        try {
            int code = engine.exec(container, List.of(command), Stdio.of(devNull, fd, fd));
            return new Run(code, Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            SYS.close(fd);
            SYS.close(devNull);
        }
    }

    /** A TCP port nothing listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The host's iptables rules (all tables), to look for what a container left. */
    public static String iptables() throws IOException {
        return sh("iptables-save 2>/dev/null");
    }

    /** A 10.89.x.0/24 no interface or route of this host uses. */
    public static Ipv4Subnet freeSubnet() throws IOException {
        String used = sh("ip -o addr; ip -o route");
        for (int attempt = 0; attempt < 100; attempt++) {
            int third = 100 + ThreadLocalRandom.current().nextInt(150);
            if (!used.contains("10.89." + third + ".")) {
                return Ipv4Subnet.parse("10.89." + third + ".0/24");
            }
        }
        throw new IOException("no free 10.89.x.0/24 on this host");
    }

    /** Runs {@code command} with sh; its output and error output together. */
    public static String sh(String command) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command, e);
        }
    }

    /** Removes every container, the network and the directories; throws what could not be removed. */
    @Override
    public void close() throws Exception {
        List<Exception> failures = new ArrayList<>();
        try {
            for (EngineContainer c : engine.list(true)) {
                try {
                    engine.remove(c.id(), true);
                } catch (Exception e) {
                    failures.add(e);
                }
            }
            engine.pruneNetwork();
        } catch (Exception e) {
            failures.add(e);
        } finally {
            engine.close();
            Files.writeString(IP_FORWARD, ipForwardBefore);
            if (Files.readString(Path.of("/proc/mounts")).contains(dir.toString())) {
                failures.add(new IOException("mounts below " + dir + " remain after every container was removed"));
            } else {
                Harness.removeTree(dir);
            }
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
