package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code docker} CLI against {@code drydock daemon}: each step of the issue is a test,
 * run in order against one daemon this test starts on its own socket, image store, state root,
 * network, bridge and subnet (other engineers' daemons and containers are never touched), and a
 * Debian docker-registry on loopback for push and pull. Everything made is removed at the end,
 * and that is checked: no container record, no mount under the test's directories, no bridge.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerCliIT {
    static final Path DRYDOCK = Path.of("target", "drydock", "bin", "drydock").toAbsolutePath();
    static final String SUFFIX = Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 99_999));

    @TempDir
    static Path temp;

    static Path socket;
    static Process daemon;
    static Process registry;
    static int registryPort;
    static Map<String, String> env;
    static String bridge;

    /** What a docker command printed and its exit code. */
    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void startDaemonAndRegistry() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false),
                "needs root: the daemon mounts overlays, makes namespaces, bridges and iptables rules");
        assumeTrue(Files.isExecutable(DRYDOCK), "the distribution is built by `package` before integration tests");
        assumeTrue(which("docker") != null, "needs the docker CLI (scripts/setup installs it)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-registry")), "needs docker-registry (scripts/setup)");
        socket = temp.resolve("docker.sock");
        bridge = "dd" + SUFFIX;
        env = new HashMap<>();
        env.put("DRYDOCK_NETWORK", "drydock-it-" + SUFFIX);
        env.put("DRYDOCK_BRIDGE", bridge);
        env.put("DRYDOCK_SUBNET", freeSubnet());
        env.put("DOCKER_HOST", "unix://" + socket);
        env.put("DOCKER_CONFIG", Files.createDirectories(temp.resolve("docker-config")).toString());
        env.put("DOCKER_BUILDKIT", "0"); // the Engine API's /build; drydock has no BuildKit session
        startDaemon();
        registry = startRegistry();
    }

    static void startDaemon() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(DRYDOCK.toString(), "daemon", "--serve", "docker", "--socket", socket.toString(),
                "--root", temp.resolve("root").toString(), "--state-root", temp.resolve("state").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(temp.resolve("daemon.log").toFile()));
        pb.environment().putAll(env);
        daemon = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (docker("version").code() != 0) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("drydock daemon did not answer; log: " + Files.readString(temp.resolve("daemon.log")));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (daemon == null) {
            return;
        }
        List<String> left = new ArrayList<>();
        if (daemon.isAlive()) {
            for (String id : docker("ps", "-aq").out().split("\\s+")) {
                if (!id.isBlank()) {
                    docker("rm", "-f", id);
                }
            }
            left.addAll(List.of(docker("ps", "-aq").out().split("\\s+")));
            left.removeIf(String::isBlank);
            daemon.destroy(); // SIGTERM: the daemon stops listening and removes its socket
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        if (registry != null) {
            registry.destroy();
            registry.waitFor(10, TimeUnit.SECONDS);
        }
        Result prune = drydock("network", "prune", "--root", temp.resolve("root").toString(),
                "--state-root", temp.resolve("state").toString());
        assertThat(left).as("containers left").isEmpty();
        assertThat(socket).doesNotExist();
        assertThat(prune.code()).as(prune.err()).isZero();
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(temp.toString());
        assertThat(sh("ip -o link show " + bridge + " 2>/dev/null || true")).isBlank();
    }

    @Test
    @Order(1)
    void ping_socketIsRootOnly_andUnknownEndpointsAnswerAsDockerDoes() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        assertThat(sh("curl -s -i --unix-socket " + socket + " http://d/_ping")).contains("API-Version: 1.41").endsWith("OK");
        assertThat(sh("curl -s -w ' %{http_code}' --unix-socket " + socket + " http://d/v1.41/nothing/here"))
                .isEqualTo("{\"message\":\"page not found\"} 404");
        assertThat(sh("curl -s -w ' %{http_code}' --unix-socket " + socket + " http://d/v1.41/volumes"))
                .endsWith(" 501").contains("\"message\":");
        Result second = drydock("daemon", "--serve", "docker", "--socket", socket.toString(), "--root", temp.resolve("root").toString(),
                "--state-root", temp.resolve("state").toString());
        assertThat(second.code()).isEqualTo(1);
        assertThat(second.err()).contains("another daemon listens on " + socket);
        assertThat(drydock("daemon", "--socket", "relative.sock").code()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void runRm_echoesHi_andLeavesNothing() throws Exception {
        Result r = docker("run", "--rm", "busybox", "echo", "hi");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("hi\n");
        Result exit = docker("run", "--rm", "busybox", "sh", "-c", "exit 7");
        assertThat(exit.code()).isEqualTo(7);
        assertThat(docker("ps", "-aq").out()).isBlank();
    }

    @Test
    @Order(3)
    void runDetached_withPort_servesCurl_andPortShowsTheMapping() throws Exception {
        int port = freePort();
        Result r = docker("run", "-d", "--name", "web", "-p", "127.0.0.1:" + port + ":80", "busybox",
                "httpd", "-f", "-p", "80", "-h", "/etc");
        assertThat(r.code()).as(r.err()).isZero();
        String id = r.out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        HttpClient http = HttpClient.newHttpClient();
        String body = null;
        for (int i = 0; i < 50 && body == null; i++) {
            try {
                body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hostname"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                Thread.sleep(100); // httpd not listening yet
            }
        }
        assertThat(body).isEqualTo(id.substring(0, 12) + "\n");
        assertThat(docker("port", "web").out()).contains("80/tcp -> 127.0.0.1:" + port);
        assertThat(docker("ps").out()).contains("web").contains("127.0.0.1:" + port + "->80/tcp").contains("Up ");
    }

    @Test
    @Order(4)
    void exec_printsOutput_andPassesItsExitCode() throws Exception {
        Result host = docker("exec", "web", "cat", "/etc/hostname");
        assertThat(host.code()).as(host.err()).isZero();
        assertThat(host.out()).matches("[0-9a-f]{12}\n");
        Result failing = docker("exec", "web", "sh", "-c", "echo to-stderr >&2; exit 5");
        assertThat(failing.code()).isEqualTo(5);
        assertThat(failing.err()).contains("to-stderr");
    }

    @Test
    @Order(5)
    void logsFollow_streamsLinesAsTheyAreWritten_andEndsWhenTheContainerExits() throws Exception {
        Result r = docker("run", "-d", "--name", "talker", "busybox", "sh", "-c",
                "echo one; sleep 2; echo two; sleep 1; echo three");
        assertThat(r.code()).as(r.err()).isZero();
        Process logs = start("logs", "-f", "talker");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            BufferedReader out = new BufferedReader(new InputStreamReader(logs.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("one");
            // the first line arrived while the container still runs: followed, not read after the end
            assertThat(docker("inspect", "-f", "{{.State.Running}}", "talker").out().strip()).isEqualTo("true");
            assertThat(out.readLine()).isEqualTo("two");
            assertThat(out.readLine()).isEqualTo("three");
            assertThat(out.readLine()).isNull();
            assertThat(logs.waitFor()).isZero();
        });
        assertThat(docker("logs", "--tail", "1", "talker").out()).isEqualTo("three\n");
    }

    @Test
    @Order(6)
    void psAll_showsTheExitCode_andWaitReturnsIt() throws Exception {
        Result r = docker("run", "-d", "--name", "three", "busybox", "sh", "-c", "exit 3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(docker("wait", "three").out().strip()).isEqualTo("3");
        assertThat(docker("ps", "-a", "--filter", "name=three", "--format", "{{.Names}} {{.Status}}").out())
                .startsWith("three Exited (3) ");
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", "three").out().strip()).isEqualTo("3");
    }

    @Test
    @Order(7)
    void stopAndRm_endTheContainer_recordItsSignal_andRemoveIt() throws Exception {
        int port = Integer.parseInt(docker("port", "web", "80").out().strip().replaceAll(".*:", ""));
        Result stop = docker("stop", "-t", "1", "web");
        assertThat(stop.code()).as(stop.err()).isZero();
        // httpd as pid 1 ignores SIGTERM: the stop ends with SIGKILL, as with docker
        assertThat(docker("ps", "-a", "--filter", "name=web", "--format", "{{.Status}}").out()).startsWith("Exited (137)");
        for (String name : List.of("web", "talker", "three")) {
            Result rm = docker("rm", name);
            assertThat(rm.code()).as(rm.err()).isZero();
        }
        assertThat(docker("ps", "-aq").out()).isBlank();
        assertThat(sh("curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:" + port + "/ || true")).isEqualTo("000");
        Result again = docker("rm", "web");
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("No such container");
    }

    @Test
    @Order(8)
    void build_thenRunTheBuiltImage_andImagesListsIt() throws Exception {
        Path ctx = Files.createDirectories(temp.resolve("context"));
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM busybox
                COPY greeting.txt /greeting.txt
                RUN echo built >> /greeting.txt
                CMD ["cat", "/greeting.txt"]
                """);
        Files.writeString(ctx.resolve("greeting.txt"), "copied\n");
        Result build = docker(ctx.toFile(), "build", "-t", "dd-built:1", ".");
        assertThat(build.code()).as(build.out() + build.err()).isZero();
        assertThat(build.out()).contains("Successfully tagged dd-built:1");
        Result run = docker("run", "--rm", "dd-built:1");
        assertThat(run.out()).isEqualTo("copied\nbuilt\n");
        assertThat(docker("images", "--format", "{{.Repository}}:{{.Tag}}").out()).contains("dd-built:1", "busybox:latest");
    }

    @Test
    @Order(9)
    void pushThenPull_throughTheLocalRegistry() throws Exception {
        String ref = "127.0.0.1:" + registryPort + "/dd-built:1";
        assertThat(docker("tag", "dd-built:1", ref).code()).isZero();
        Result push = docker("push", ref);
        assertThat(push.code()).as(push.out() + push.err()).isZero();
        assertThat(push.out()).contains("1: digest: sha256:");
        Result rmi = docker("rmi", ref);
        assertThat(rmi.code()).as(rmi.err()).isZero();
        assertThat(docker("images", "--format", "{{.Repository}}:{{.Tag}}").out()).doesNotContain(ref);
        // the registry really has it: its own API lists the tag
        assertThat(sh("curl -s http://127.0.0.1:" + registryPort + "/v2/dd-built/tags/list")).contains("\"1\"");
        Result pull = docker("pull", ref);
        assertThat(pull.code()).as(pull.out() + pull.err()).isZero();
        assertThat(docker("run", "--rm", ref).out()).isEqualTo("copied\nbuilt\n");
        Result missing = docker("pull", "127.0.0.1:" + registryPort + "/not-there:1");
        assertThat(missing.code()).isNotZero();
    }

    @Test
    @Order(10)
    void events_reportTheContainerLifecycle() throws Exception {
        long since = Instant.now().getEpochSecond() - 1;
        docker("run", "--rm", "--name", "evented", "busybox", "true");
        Result ev = docker("events", "--since", Long.toString(since), "--until", Long.toString(Instant.now().getEpochSecond() + 1),
                "--filter", "container=evented", "--format", "{{.Action}}");
        assertThat(ev.out().lines().toList()).containsSubsequence("create", "start", "die", "destroy");
    }

    @Test
    @Order(11)
    void networkLs_listsDrydocksBridge() throws Exception {
        Result ls = docker("network", "ls", "--format", "{{.Name}} {{.Driver}}");
        assertThat(ls.code()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("drydock-it-" + SUFFIX + " bridge", "host host", "none null");
        assertThat(docker("network", "inspect", "-f", "{{.Name}}", "drydock-it-" + SUFFIX).out().strip())
                .isEqualTo("drydock-it-" + SUFFIX);
    }

    @Test
    @Order(12)
    void execWithEnvWorkdirAndUser_runsTheCommandAsAskedInTheContainer() throws Exception {
        Result r = docker("run", "-d", "--name", "execer", "busybox", "sleep", "300");
        assertThat(r.code()).as(r.err()).isZero();
        Result e = docker("exec", "-e", "A=1", "-w", "/tmp", "-u", "1000", "execer", "sh", "-c", "echo $A; pwd; id -u");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).isEqualTo("1\n/tmp\n1000\n");
        // a name resolves with the container's /etc/passwd, with its groups and not the container process's
        Result named = docker("exec", "-u", "nobody", "execer", "id");
        assertThat(named.code()).as(named.err()).isZero();
        assertThat(named.out()).isEqualTo("uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n");
        Result unknown = docker("exec", "-u", "nosuchuser", "execer", "true");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.out() + unknown.err()).contains("nosuchuser");
        Result relative = docker("exec", "-w", "tmp", "execer", "true");
        assertThat(relative.code()).isNotZero();
        assertThat(relative.err()).contains("WorkingDir");
        assertThat(docker("rm", "-f", "execer").code()).isZero();
    }

    @Test
    @Order(13)
    void restart_stopsAndStartsTheContainerAgain_keepingWhatItWrote() throws Exception {
        Result r = docker("run", "-d", "--name", "sleeper", "busybox", "sh", "-c", "echo started >> /started; exec sleep 300");
        assertThat(r.code()).as(r.err()).isZero();
        String pid = docker("inspect", "-f", "{{.State.Pid}}", "sleeper").out().strip();
        assertThat(pid).matches("[1-9][0-9]*");
        Result restart = docker("restart", "-t", "1", "sleeper");
        assertThat(restart.code()).as(restart.err()).isZero();
        assertThat(docker("ps", "--filter", "name=sleeper", "--format", "{{.Names}} {{.Status}}").out()).startsWith("sleeper Up ");
        assertThat(docker("inspect", "-f", "{{.State.Status}} {{.State.Running}} {{.State.ExitCode}}", "sleeper").out().strip())
                .isEqualTo("running true 0");
        String newPid = docker("inspect", "-f", "{{.State.Pid}}", "sleeper").out().strip();
        assertThat(newPid).matches("[1-9][0-9]*").isNotEqualTo(pid);
        // the same root filesystem, its writes kept: the first run's line and the second's
        Result cat = docker("exec", "sleeper", "cat", "/started");
        assertThat(cat.out()).isEqualTo("started\nstarted\n");
        // stopped, it starts again with docker start
        assertThat(docker("stop", "-t", "1", "sleeper").code()).isZero();
        assertThat(docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "sleeper").out().strip()).isEqualTo("exited 137");
        Result start = docker("start", "sleeper");
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(docker("ps", "--filter", "name=sleeper", "--format", "{{.Names}} {{.Status}}").out()).startsWith("sleeper Up ");
        assertThat(docker("rm", "-f", "sleeper").code()).isZero();
    }

    @Test
    @Order(14)
    void runInteractive_passesStandardInputToTheContainer_andTtyIsRefusedNamingTheField() throws Exception {
        Result hello = dockerWithInput("hello\n", "run", "-i", "--rm", "busybox", "cat");
        assertThat(hello.code()).as(hello.err()).isZero();
        assertThat(hello.out()).isEqualTo("hello\n");
        // more than a pipe holds before the container reads: written as the container reads it
        String big = "0123456789abcdef\n".repeat(20_000);
        Result count = dockerWithInput(big, "run", "-i", "--rm", "busybox", "wc", "-c");
        assertThat(count.code()).as(count.err()).isZero();
        assertThat(count.out().strip()).isEqualTo(Integer.toString(big.length()));
        Result tty = docker("run", "-t", "--rm", "busybox", "true");
        assertThat(tty.code()).isNotZero();
        assertThat(tty.err()).contains("Config.Tty");
        assertThat(docker("ps", "-aq").out()).isBlank();
    }

    @Test
    @Order(15)
    void daemonKilled_containerDiesMeanwhile_restartedDaemonShowsItExited() throws Exception {
        Result r = docker("run", "-d", "--name", "orphan", "busybox", "sh", "-c", "sleep 2; exit 4");
        assertThat(r.code()).as(r.err()).isZero();
        String pid = docker("inspect", "-f", "{{.State.Pid}}", "orphan").out().strip();
        assertThat(pid).matches("[1-9][0-9]*");
        daemon.destroyForcibly(); // SIGKILL: no chance to tidy anything
        daemon.waitFor();
        Thread.sleep(3000); // the container exits while no daemon runs
        assertThat(sh("cat /proc/" + pid + "/stat 2>/dev/null | awk '{print $3}'").strip()).isIn("", "Z");
        startDaemon();
        assertThat(docker("ps", "-a", "--filter", "name=orphan", "--format", "{{.Status}}").out()).startsWith("Exited (");
        assertThat(docker("rm", "orphan").code()).isZero();
    }

    // ------------------------------------------------------------------ helpers

    static Result docker(String... args) throws IOException, InterruptedException {
        return docker(null, args);
    }

    static Result docker(File dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return exec(cmd, dir);
    }

    /** A docker command with {@code input} as its standard input. */
    static Result dockerWithInput(String input, String... args) throws IOException, InterruptedException {
        Path in = Files.createTempFile(temp, "in", ".txt");
        Files.writeString(in, input);
        try {
            List<String> cmd = new ArrayList<>(List.of("docker"));
            cmd.addAll(List.of(args));
            return exec(cmd, null, in.toFile());
        } finally {
            Files.delete(in);
        }
    }

    static Result drydock(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(DRYDOCK.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, null);
    }

    private static Result exec(List<String> cmd, File dir) throws IOException, InterruptedException {
        return exec(cmd, dir, new File("/dev/null"));
    }

    private static Result exec(List<String> cmd, File dir, File input) throws IOException, InterruptedException {
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir).redirectInput(ProcessBuilder.Redirect.from(input))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish within 180 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Process startRegistry() throws Exception {
        registryPort = freePort();
        Path dir = Files.createDirectories(temp.resolve("registry"));
        Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(Files.createDirectories(dir.resolve("storage")), registryPort));
        Process p = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!sh("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:" + registryPort + "/v2/ || true").equals("200")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("docker-registry did not come up: " + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(100);
        }
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String freeSubnet() throws IOException {
        String used = sh("ip -o addr; ip -o route");
        for (int attempt = 0; attempt < 100; attempt++) {
            int third = 100 + ThreadLocalRandom.current().nextInt(150);
            if (!used.contains("10.89." + third + ".")) {
                return "10.89." + third + ".0/24";
            }
        }
        throw new IllegalStateException("no free 10.89.x.0/24 on this host");
    }

    private static String which(String binary) throws IOException {
        String out = sh("command -v " + binary + " || true").strip();
        return out.isEmpty() ? null : out;
    }

    static String sh(String command) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }
}
