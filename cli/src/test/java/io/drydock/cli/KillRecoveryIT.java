package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drydock.runtime.container.KillPoint;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.PortMapping;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.runtime.sys.Syscalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults: a drydock SIGKILLed at each phase of a container's create (the kill injected by the
 * {@link KillPoint} hook, {@code DRYDOCK_KILL_AT}, at exactly that phase: no sleep race) leaves
 * something behind, and one {@code drydock prune} (or, for {@code drydock-runc}, the next
 * {@code delete --force}) brings the host back to what it was before, while a container that was
 * running all along keeps running, reachable through its mapped port, with everything it owns.
 */
class KillRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLED = 128 + Syscalls.SIGKILL;

    private static SoakHost host;
    private static String live;
    private static int livePort;
    private static Path bundle;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue("0".equals(HostInventory.run("id", "-u").strip()), "needs root: containers, mounts, cgroups, bridges");
        assumeTrue(Files.isExecutable(SoakHost.DRYDOCK), "the distribution is built by `package` before integration tests");
        assumeTrue(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX), "needs busybox-static");
        host = new SoakHost("kill");
        livePort = freePort();
        // The live container: a web server on a mapped port, running through every kill and prune.
        Path www = host.dir.resolve("www");
        Files.createDirectories(www);
        EngineContainer c = host.engine.runDetached(RunOptions.of("busybox",
                List.of("sh", "-c", "mkdir -p /www && echo alive > /www/index.html && exec httpd -f -p 80 -h /www"))
            .named("live-" + host.suffix).detached()
            .networked(NetworkMode.BRIDGE, List.of(PortMapping.parse("127.0.0.1:" + livePort + ":80"))));
        live = c.id();
        awaitPage();
        Files.createDirectories(host.state.resolve("runc"));
        Path vmRoot = host.state.resolve("vm");
        Files.createDirectories(vmRoot.resolve("starting"));
        // QEMU may run as libvirt's user: it must reach the VM's files.
        for (Path p : List.of(host.dir, host.state, vmRoot)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // A first prune with nothing to do opens the VM platform, which probes the accelerator into
        // its directory once: made now, that file is in every baseline.
        SoakHost.Result warm = host.exec(Map.of(), List.of(SoakHost.DRYDOCK.toString(), "prune"));
        assertThat(warm.code()).as(warm.err()).isZero();
        bundle = host.dir.resolve("bundle");
        BusyboxRootfs.build(bundle.resolve("rootfs"));
        SoakHost.Result spec = host.exec(Map.of(), List.of(SoakHost.RUNC.toString(), "spec", "--bundle", bundle.toString()));
        assertThat(spec.code()).as(spec.err()).isZero();
        Path cfg = bundle.resolve("config.json");
        ObjectNode conf = (ObjectNode) JSON.readTree(cfg.toFile());
        ((ObjectNode) conf.get("process")).put("terminal", false);
        ArrayNode args = ((ObjectNode) conf.get("process")).putArray("args");
        args.add("sleep").add("600");
        JSON.writeValue(cfg.toFile(), conf);
    }

    @AfterAll
    static void close() throws Exception {
        if (host != null) {
            host.close();
            HostInventory.Snapshot end = host.inventory.take();
            for (String kind : List.of(HostInventory.MOUNTS, HostInventory.CGROUPS, HostInventory.LINKS, HostInventory.IPTABLES)) {
                assertThat(end.kinds().get(kind)).as(kind + " left at the end").isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "killed after the {0}")
    @ValueSource(strings = {KillPoint.RECORD, KillPoint.RUNTIME_RECORD, KillPoint.CGROUP, KillPoint.SHIM, KillPoint.NETWORK})
    void drydockRun_killedAtPhase_onePruneRestoresTheHostAndKeepsTheLiveContainer(String phase) throws Exception {
        HostInventory.Snapshot before = host.inventory.take();
        SoakHost.Result run = host.exec(Map.of(KillPoint.ENV, phase), List.of(SoakHost.DRYDOCK.toString(), "run", "--rm",
            "-p", "127.0.0.1:" + freePort() + ":80", "busybox", "true"));
        assertThat(run.code()).as("drydock run killed after the %s: %s", phase, run.err()).isEqualTo(KILLED);
        HostInventory.Diff left = HostInventory.diff(before, host.inventory.take());
        assertThat(left.isEmpty()).as("a kill after the %s leaves something for prune to do", phase).isFalse();
        assertThat(left.vanished()).as("the kill took nothing of the live container").isEmpty();

        SoakHost.Result prune = host.exec(Map.of(), List.of(SoakHost.DRYDOCK.toString(), "prune"));
        assertThat(prune.code()).as(prune.err()).isZero();
        host.reapOrphanedShims();

        HostInventory.Diff after = HostInventory.diff(before, host.inventory.take());
        SoakHost.figures("drydock run --rm -p killed (SIGKILL) after the " + phase + ": left " + summary(left)
            + "; after one drydock prune: " + summary(after) + "; live container intact");
        assertThat(after.isEmpty()).as("after the kill after the %s and one prune (it said: %s): %s", phase,
            prune.out().strip(), after).isTrue();
        assertLiveContainerIntact();
    }

    /**
     * The engine in a long-running process: a {@code drydock daemon} of this test's own (its own
     * socket, the test's roots, network and cgroup parent) armed with the hook is asked through
     * the Engine API to create and start a container, and dies at the phase; one
     * {@code drydock prune} then restores the host, and the live container keeps running.
     */
    @ParameterizedTest(name = "drydock daemon killed after the {0}")
    @ValueSource(strings = {KillPoint.RECORD, KillPoint.CGROUP, KillPoint.NETWORK})
    void daemonCreate_killedAtPhase_onePruneRestoresTheHostAndKeepsTheLiveContainer(String phase) throws Exception {
        HostInventory.Snapshot before = host.inventory.take();
        Path socket = host.dir.resolve("daemon-" + phase + ".sock");
        Path log = host.dir.resolve("daemon-" + phase + ".log");
        Process daemon = startDaemon(socket, log, Map.of(KillPoint.ENV, phase));
        try {
            assertThat(awaitDaemon(daemon, socket, log)).isTrue();
            int port = freePort();
            String created = curl(socket, "POST", "/v1.41/containers/create", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"600\"],"
                + "\"ExposedPorts\":{\"80/tcp\":{}},\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\","
                + "\"HostPort\":\"" + port + "\"}]}}}");
            // Killed at the record, the daemon drops the create's connection: no answer, nothing to start.
            if (!created.isEmpty()) {
                String id = JSON.readTree(created).path("Id").asText();
                assertThat(id).as("create answered: %s", created).isNotBlank();
                curl(socket, "POST", "/v1.41/containers/" + id + "/start", null);
            }
            assertThat(daemon.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the daemon died").isTrue();
            assertThat(daemon.exitValue()).as("drydock daemon killed after the %s: %s", phase, readQuietly(log))
                .isEqualTo(KILLED);
        } finally {
            if (daemon.isAlive()) {
                daemon.destroyForcibly().waitFor();
            }
        }
        HostInventory.Diff left = HostInventory.diff(before, host.inventory.take());
        assertThat(left.isEmpty()).as("a daemon killed after the %s leaves something for prune to do", phase).isFalse();
        assertThat(left.vanished()).as("the kill took nothing of the live container").isEmpty();

        // The killed daemon's socket file is left: a new daemon takes the same socket over and answers.
        assertThat(socket).as("the killed daemon's socket file").exists();
        Process again = startDaemon(socket, log, Map.of());
        try {
            assertThat(awaitDaemon(again, socket, log)).isTrue();
        } finally {
            again.destroy(); // SIGTERM: it stops listening and removes its socket
            assertThat(again.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the new daemon stopped").isTrue();
        }

        SoakHost.Result prune = host.exec(Map.of(), List.of(SoakHost.DRYDOCK.toString(), "prune"));
        assertThat(prune.code()).as(prune.err()).isZero();
        host.reapOrphanedShims();
        HostInventory.Diff after = HostInventory.diff(before, host.inventory.take());
        SoakHost.figures("drydock daemon (Engine API create + start, -p) killed (SIGKILL) after the " + phase + ": left "
            + summary(left) + "; after one drydock prune: " + summary(after) + "; live container intact");
        assertThat(after.isEmpty()).as("after the daemon killed after the %s and one prune (it said: %s): %s", phase,
            prune.out().strip(), after).isTrue();
        assertLiveContainerIntact();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(log);
    }

    /** A {@code drydock daemon} serving the Engine API on {@code socket}, on this test's roots, network and cgroup parent. */
    private static Process startDaemon(Path socket, Path log, Map<String, String> extra) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(SoakHost.DRYDOCK.toString(), "daemon", "--serve", "docker",
            "--socket", socket.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(host.env());
        pb.environment().putAll(extra);
        return pb.start();
    }

    /** Waits until the daemon answers a ping; fails if it dies or takes over two minutes. */
    private static boolean awaitDaemon(Process daemon, Path socket, Path log) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!curl(socket, "GET", "/_ping", null).endsWith("OK")) {
            assertThat(daemon.isAlive()).as("the daemon came up: %s", readQuietly(log)).isTrue();
            assertThat(System.nanoTime()).as("the daemon answered in time: %s", readQuietly(log)).isLessThan(deadline);
            Thread.sleep(200);
        }
        return true;
    }

    /** One Engine API request over the daemon's socket; the body, or "" when the connection failed (the daemon died). */
    private static String curl(Path socket, String method, String path, String json) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-s", "--max-time", "120", "--unix-socket", socket.toString(),
            "-X", method));
        if (json != null) {
            cmd.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", json));
        }
        cmd.add("http://d" + path);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? out.strip() : "";
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @ParameterizedTest(name = "drydock-runc create killed after the {0}")
    @ValueSource(strings = {KillPoint.RUNTIME_RECORD, KillPoint.CGROUP, KillPoint.SHIM})
    void drydockRuncCreate_killedAtPhase_deleteForceRestoresTheHost(String phase) throws Exception {
        String id = "killed-" + host.suffix + "-" + phase;
        Path b = host.dir.resolve("bundle-" + phase);
        Files.createDirectories(b);
        ObjectNode c = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) c.get("root")).put("path", bundle.resolve("rootfs").toString());
        ((ObjectNode) c.get("linux")).put("cgroupsPath", host.cgroupParent + "/" + id);
        JSON.writeValue(b.resolve("config.json").toFile(), c);
        String root = host.state.resolve("runc").toString();
        HostInventory.Snapshot before = host.inventory.take();

        SoakHost.Result create = host.exec(Map.of(KillPoint.ENV, phase),
            List.of(SoakHost.RUNC.toString(), "--root", root, "create", "--bundle", b.toString(), id));
        assertThat(create.code()).as("drydock-runc create killed after the %s: %s", phase, create.err()).isEqualTo(KILLED);
        assertThat(host.state.resolve("runc").resolve(id)).as("its state record").exists();
        HostInventory.Diff left = HostInventory.diff(before, host.inventory.take());

        SoakHost.Result delete = host.exec(Map.of(), List.of(SoakHost.RUNC.toString(), "--root", root, "delete", "--force", id));
        assertThat(delete.code()).as(delete.err()).isZero();
        host.reapOrphanedShims();
        HostInventory.Diff after = HostInventory.diff(before, host.inventory.take());
        SoakHost.figures("drydock-runc create killed (SIGKILL) after the " + phase + ": left " + summary(left)
            + "; after drydock-runc delete --force: " + summary(after));
        assertThat(after.isEmpty()).as("after drydock-runc create killed after the %s and delete --force: %s", phase, after)
            .isTrue();
        assertLiveContainerIntact();
    }

    @Test
    void drydockVmRun_killedAfterTheDomainStarted_onePruneRemovesTheVmAndKeepsTheLiveContainer() throws Exception {
        assumeTrue(HostInventory.run("virsh", "-c", "qemu:///system", "uri").contains("qemu:///system"),
            "needs libvirt's qemu:///system (scripts/libvirt start)");
        HostInventory.Snapshot before = host.inventory.take();

        SoakHost.Result run = host.exec(Map.of(KillPoint.ENV, KillPoint.VM_DEFINED), List.of(SoakHost.DRYDOCK.toString(),
            "vm", "run", "--rm", "-p", "127.0.0.1:" + freePort() + ":80", "busybox", "sleep", "600"));
        assertThat(run.code()).as("drydock vm run killed after the domain started: %s", run.err()).isEqualTo(KILLED);
        HostInventory.Diff left = HostInventory.diff(before, host.inventory.take());
        assertThat(left.appeared()).as("the killed start left its domain").containsKey(HostInventory.DOMAINS);

        SoakHost.Result prune = host.exec(Map.of(), List.of(SoakHost.DRYDOCK.toString(), "prune"));
        assertThat(prune.code()).as(prune.err()).isZero();
        HostInventory.Diff after = HostInventory.diff(before, host.inventory.take());
        SoakHost.figures("drydock vm run --rm -p killed (SIGKILL) after the domain started: left " + summary(left)
            + "; after one drydock prune: " + summary(after) + "; live container intact");
        assertThat(after.isEmpty()).as("after the VM start killed and one prune (it said: %s): %s", prune.out().strip(), after)
            .isTrue();
        assertLiveContainerIntact();
    }

    /** "nothing", or per kind how many entries appeared or vanished. */
    private static String summary(HostInventory.Diff d) {
        if (d.isEmpty()) {
            return "nothing";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        d.appeared().forEach((k, v) -> parts.add(v.size() + " " + k));
        d.vanished().forEach((k, v) -> parts.add(v.size() + " " + k + " gone"));
        return String.join(", ", parts);
    }

    /** Running, serving its page through the mapped port, and exec still works in it. */
    private static void assertLiveContainerIntact() throws Exception {
        assertThat(host.engine.container(live).state()).isEqualTo(EngineContainer.RUNNING);
        assertThat(fetchPage()).contains("alive");
        int devNull = SoakHost.SYS.open("/dev/null", Syscalls.O_RDWR | Syscalls.O_CLOEXEC, 0);
        try {
            assertThat(host.engine.exec(live, List.of("test", "-s", "/www/index.html"), Stdio.of(devNull, devNull, devNull)))
                .isZero();
        } finally {
            SoakHost.SYS.close(devNull);
        }
    }

    private static void awaitPage() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                if (fetchPage().contains("alive")) {
                    return;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }

    private static String fetchPage() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", livePort), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
