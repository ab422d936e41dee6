package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.runtime.sys.Errno;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distribution's {@code drydock-runc} with bundles it did not write: the configs {@code runc
 * spec} and {@code crun spec} print, used as they are with a busybox rootfs; a seccomp profile
 * shaped like an older Docker default (deny by default, a long allowlist); and namespaces shared
 * with another container by path, as a pod's containers share them.
 */
class ForeignBundlesIT {
    static final Path RUNC = RuncCliIT.RUNC;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Syscalls SYS = new LinuxSyscalls();

    @TempDir
    Path tmp;
    Path root;

    private final List<String> ids = new ArrayList<>();
    private final List<Integer> fds = new ArrayList<>();

    record Result(int code, String out, String err) {}

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isExecutable(RUNC), "the distribution is built by `package` before integration tests");
        assumeTrue(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX), "needs busybox-static");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        root = tmp.resolve("state");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int fd : fds) {
            SYS.close(fd);
        }
        for (String id : ids) {
            if (Files.exists(root.resolve(id))) {
                drydockRunc("delete", "--force", id);
            }
            assertThat(root.resolve(id)).doesNotExist();
            try (Stream<Path> hs = Files.list(Path.of("/sys/fs/cgroup"))) {
                for (Path h : hs.toList()) {
                    assertThat(h.resolve("drydock").resolve(id)).as("cgroup of " + id).doesNotExist();
                }
            }
        }
    }

    private String id() {
        String id = "drydock-foreign-" + UUID.randomUUID().toString().substring(0, 8);
        ids.add(id);
        return id;
    }

    /** A bundle with a busybox rootfs and the config that {@code tool} writes. */
    private Path bundle(String name, String... tool) throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve(name));
        BusyboxRootfs.build(bundle.resolve("rootfs"));
        Result r = exec(bundle, List.of(tool));
        assertThat(r.code()).as(String.join(" ", tool) + ": " + r.err()).isZero();
        assertThat(bundle.resolve("config.json")).exists();
        return bundle;
    }

    private static void edit(Path bundle, Consumer<ObjectNode> change) throws IOException {
        Path cfg = bundle.resolve("config.json");
        ObjectNode c = (ObjectNode) JSON.readTree(cfg.toFile());
        change.accept(c);
        JSON.writeValue(cfg.toFile(), c);
    }

    private static void args(ObjectNode c, String... args) {
        ObjectNode p = (ObjectNode) c.get("process");
        p.put("terminal", false);
        ArrayNode a = p.putArray("args");
        for (String s : args) {
            a.add(s);
        }
    }

    private Result drydockRunc(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(RUNC.toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        return exec(tmp, cmd);
    }

    /** A drydock-runc still running, and the file its stderr goes to. */
    record Started(Process process, Path err) {}

    private Started startDrydockRunc(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(RUNC.toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(Files.createTempFile(tmp, "out", ".txt").toFile()).redirectError(err.toFile());
        environment(pb.environment());
        Process p = pb.start();
        return new Started(p, err);
    }

    private Result exec(Path dir, List<String> cmd) throws IOException, InterruptedException {
        // Files, not pipes: a created or detached container keeps the runtime's stdio open for its whole life.
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        environment(pb.environment());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * The environment drydock-runc runs in: here no daemon answers on its socket, so the front end
     * takes the JVM path (ForeignBundlesDaemonIT routes it to a daemon).
     */
    void environment(java.util.Map<String, String> env) {
        env.put("DRYDOCK_RUNC_SOCKET", tmp.resolve("no-daemon.sock").toString());
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":"))
            .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private String status(String id) throws Exception {
        return JSON.readTree(drydockRunc("state", id).out()).get("status").asText();
    }

    private void awaitStopped(String id) throws Exception {
        for (int i = 0; i < 200 && !status(id).equals("stopped"); i++) {
            Thread.sleep(50);
        }
        assertThat(status(id)).isEqualTo("stopped");
    }

    /**
     * The config exactly as the tool wrote it: a terminal (so a console socket receives the pty
     * master), {@code sh} as the process, a read-only root. The test types into the shell.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc spec", "crun spec", "runc spec --rootless"})
    void specOfAnotherRuntime_asItIs_runsItsShellOnAConsole(String tool) throws Exception {
        String[] cmd = tool.split(" ");
        assumeTrue(onPath(cmd[0]), "needs " + cmd[0] + " on the PATH");
        Path bundle = bundle(tool.replace(' ', '-'), cmd);
        String id = id();
        Path socket = tmp.resolve("console.sock");
        int listening = SYS.listenUnix(socket.toString(), 1);
        fds.add(listening);

        Started create = startDrydockRunc("create", "--bundle", bundle.toString(), "--console-socket", socket.toString(), id);
        assertThat(SYS.poll(listening, Syscalls.POLLIN, 60_000)).as("create connects to the console socket: %s",
            Files.readString(create.err())).isNotZero();
        int conn = SYS.accept(listening);
        fds.add(conn);
        int master = SYS.receiveFd(conn);
        fds.add(master);
        assertThat(create.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(create.process().exitValue()).as(Files.readString(create.err())).isZero();
        assertThat(status(id)).isEqualTo("created");
        assertThat(drydockRunc("start", id).code()).isZero();

        byte[] line = "echo foreign-$((6*7)) $(hostname); exit 7\n".getBytes(StandardCharsets.UTF_8);
        assertThat(SYS.write(master, line, 0, line.length)).isEqualTo(line.length);
        String output = drain(master);
        awaitStopped(id);

        String hostname = JSON.readTree(bundle.resolve("config.json").toFile()).path("hostname").asText("");
        assertThat(output).contains(("foreign-42 " + hostname).strip());
        assertThat(drydockRunc("delete", id).code()).isZero();
    }

    /** Reads the pty master until every slave is closed (EIO, pty(7)) or it stays quiet. */
    private static String drain(int master) {
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[4096];
        try {
            while (SYS.poll(master, Syscalls.POLLIN, 20_000) != 0) {
                int n = SYS.read(master, buf, buf.length);
                if (n == 0) {
                    break;
                }
                out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SyscallException e) {
            assertThat(e.errno()).isEqualTo(Errno.EIO);
        }
        return out.toString();
    }

    /**
     * An older Docker-style profile (SCMP_ACT_ERRNO by default, a long allowlist) without
     * close_range, capset, setresuid, setgroups or prctl, for a non-root process without
     * no_new_privs: the shim's own calls precede the filter, the process's calls meet it.
     */
    @Test
    void dockerStyleAllowlistWithoutCloseRange_runsANonRootProcess_andFiltersIt() throws Exception {
        assumeTrue(onPath("runc"), "needs runc on the PATH for its spec");
        Path bundle = bundle("seccomp", "runc", "spec");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        var profile = JSON.readTree(getClass().getResource("/io/drydock/cli/allowlist-without-close-range.json"));
        edit(bundle, c -> {
            args(c, "sh", "-c", "echo ran; mkdir /out/made; grep CapEff /proc/self/status");
            ObjectNode p = (ObjectNode) c.get("process");
            p.put("noNewPrivileges", false);
            p.putObject("user").put("uid", 1000).put("gid", 1000);
            ((ObjectNode) c.get("linux")).set("seccomp", profile);
            ((ArrayNode) c.get("mounts")).addObject().put("destination", "/out").put("type", "bind")
                .put("source", out.toString()).putArray("options").add("rbind").add("rw");
        });
        String id = id();
        Result r = drydockRunc("run", "--bundle", bundle.toString(), id);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ran").containsPattern("CapEff:\\s+0+\\b");
        assertThat(r.err()).contains("Operation not permitted");
        assertThat(out.resolve("made")).doesNotExist();
    }

    /**
     * config.md, "Extensibility" and "Annotations": unknown properties at any depth and unknown
     * annotation keys are no error; the annotations come back in the state.
     */
    @Test
    void unknownPropertiesAndAnnotationKeys_areIgnored() throws Exception {
        assumeTrue(onPath("runc"), "needs runc on the PATH for its spec");
        Path bundle = bundle("extended", "runc", "spec");
        edit(bundle, c -> {
            args(c, "sleep", "600");
            c.putObject("com.example.vendorSection").put("anything", 1);
            ((ObjectNode) c.get("process")).putObject("futureProcessField").put("x", true);
            ((ObjectNode) c.get("root")).put("futureRootField", "y");
            ((ObjectNode) c.get("linux")).putArray("futureLinuxList").add(1);
            ((ObjectNode) c.get("linux").get("resources")).putObject("futureController").put("limit", 3);
            ((ObjectNode) c.get("linux").get("namespaces").get(0)).put("futureNamespaceField", "z");
            ((ObjectNode) c.get("mounts").get(0)).put("futureMountField", 0);
            c.putObject("annotations").put("org.opencontainers.image.ref.name", "r")
                .put("no.such.key.anyone.knows", "").put("plain", "v");
        });
        String id = id();
        Result r = drydockRunc("create", "--bundle", bundle.toString(), id);
        assertThat(r.code()).as(r.err()).isZero();
        var state = JSON.readTree(drydockRunc("state", id).out());
        assertThat(state.get("status").asText()).isEqualTo("created");
        assertThat(state.get("annotations").get("no.such.key.anyone.knows").asText()).isEmpty();
        assertThat(state.get("annotations").get("plain").asText()).isEqualTo("v");
        assertThat(drydockRunc("delete", "--force", id).code()).isZero();
    }

    /**
     * A second container joins the first one's network, IPC and UTS namespaces by
     * /proc/PID/ns paths, as the containers of a pod do.
     */
    @Test
    void namespacesJoinedByPath_areTheOtherContainers() throws Exception {
        assumeTrue(onPath("runc"), "needs runc on the PATH for its spec");
        Path first = bundle("first", "runc", "spec");
        edit(first, c -> {
            args(c, "sleep", "600");
            c.put("hostname", "pod-host");
        });
        String pod = id();
        Result r = drydockRunc("run", "--detach", "--bundle", first.toString(), pod);
        assertThat(r.code()).as(r.err()).isZero();
        int pid = JSON.readTree(drydockRunc("state", pod).out()).get("pid").asInt();

        Path second = bundle("second", "runc", "spec");
        edit(second, c -> {
            args(c, "sh", "-c", "hostname; for t in net ipc uts pid; do readlink /proc/self/ns/$t; done");
            // The hostname belongs to the first container's UTS namespace, which this one joins.
            c.remove("hostname");
            for (var ns : c.get("linux").get("namespaces")) {
                String type = ns.get("type").asText();
                String proc = switch (type) {
                    case "network" -> "net";
                    case "ipc" -> "ipc";
                    case "uts" -> "uts";
                    default -> null;
                };
                if (proc != null) {
                    ((ObjectNode) ns).put("path", "/proc/" + pid + "/ns/" + proc);
                }
            }
        });
        String member = id();
        r = drydockRunc("run", "--bundle", second.toString(), member);
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().map(String::strip).toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("pod-host");
        for (int i = 0; i < 3; i++) {
            String type = List.of("net", "ipc", "uts").get(i);
            assertThat(lines.get(i + 1)).as(type).isEqualTo(Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "ns", type)).toString());
        }
        // The pid namespace was not shared: the second container has its own.
        assertThat(lines.get(4)).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "ns", "pid")).toString());
        assertThat(drydockRunc("delete", "--force", pod).code()).isZero();
    }
}
