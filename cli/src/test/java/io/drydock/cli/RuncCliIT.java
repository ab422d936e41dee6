package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drydock.runtime.rootfs.BusyboxRootfs;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The distribution's {@code drydock-runc} executable as runc users and containerd call it: the
 * lifecycle through separate processes, exit codes, and bad input that leaves nothing behind.
 * Here without a daemon (the front end's JVM path); {@link RuncCliDaemonIT} runs the same tests
 * through a daemon.
 */
class RuncCliIT {
    static final Path RUNC = Path.of("target", "drydock", "bin", "drydock-runc").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path root;
    Path bundle;

    record Result(int code, String out, String err) {}

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(RUNC), "the distribution is built by `package` before integration tests");
        assumeTrue(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX), "needs busybox-static");
        root = tmp.resolve("state");
        bundle = tmp.resolve("bundle");
        BusyboxRootfs.build(bundle.resolve("rootfs"));
        Result spec = runc("spec", "--bundle", bundle.toString());
        assertThat(spec.code()).as(spec.err()).isZero();
        edit(c -> {
            ((ObjectNode) c.get("process")).put("terminal", false);
            ((ObjectNode) c.get("root")).put("readonly", false);
            args(c, "sleep", "600");
        });
    }

    Result runc(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(RUNC.toString()));
        if (!List.of(args).contains("spec")) {
            cmd.addAll(List.of("--root", root.toString()));
        }
        cmd.addAll(List.of(args));
        // Files, not pipes: a created or detached container keeps the runtime's stdio open for its whole life.
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
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
     * takes the JVM path (RuncCliDaemonIT routes it to a daemon).
     */
    void environment(java.util.Map<String, String> env) {
        env.put("DRYDOCK_RUNC_SOCKET", tmp.resolve("no-daemon.sock").toString());
    }

    void edit(Consumer<ObjectNode> change) throws IOException {
        Path cfg = bundle.resolve("config.json");
        ObjectNode c = (ObjectNode) JSON.readTree(cfg.toFile());
        change.accept(c);
        JSON.writeValue(cfg.toFile(), c);
    }

    static void args(ObjectNode c, String... args) {
        ArrayNode a = ((ObjectNode) c.get("process")).putArray("args");
        for (String s : args) {
            a.add(s);
        }
    }

    private final List<String> ids = new ArrayList<>();

    String id() {
        String id = "drydock-cli-" + UUID.randomUUID().toString().substring(0, 8);
        ids.add(id);
        return id;
    }

    /** Whatever a failed test left running is force-deleted, so no container outlives the test. */
    @AfterEach
    void deleteLeftovers() throws Exception {
        for (String id : ids) {
            if (Files.exists(root.resolve(id))) {
                runc("delete", "--force", id);
            }
            assertNothingLeft(root, id);
        }
    }

    static void assertNothingLeft(Path root, String id) throws IOException {
        assertThat(root.resolve(id)).doesNotExist();
        try (Stream<Path> hs = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hs.toList()) {
                assertThat(h.resolve("drydock").resolve(id)).doesNotExist();
            }
        }
    }

    @Test
    void lifecycle_createStartStateExecKillDelete_throughSeparateProcesses() throws Exception {
        String id = id();
        assertThat(runc("create", "--bundle", bundle.toString(), id).code()).isZero();
        assertThat(JSON.readTree(runc("state", id).out()).get("status").asText()).isEqualTo("created");
        assertThat(runc("start", id).code()).isZero();
        var state = JSON.readTree(runc("state", id).out());
        assertThat(state.get("status").asText()).isEqualTo("running");
        int pid = state.get("pid").asInt();
        assertThat(runc("ps", "--format", "json", id).out()).contains(Integer.toString(pid));
        assertThat(runc("list", "--quiet").out()).contains(id);
        Result exec = runc("exec", id, "sh", "-c", "echo inside; exit 5");
        assertThat(exec.code()).isEqualTo(5);
        assertThat(exec.out()).contains("inside");
        assertThat(runc("kill", id, "KILL").code()).isZero();
        for (int i = 0; i < 100 && !JSON.readTree(runc("state", id).out()).get("status").asText().equals("stopped"); i++) {
            Thread.sleep(50);
        }
        assertThat(JSON.readTree(runc("state", id).out()).get("status").asText()).isEqualTo("stopped");
        assertThat(runc("delete", id).code()).isZero();
        assertNothingLeft(root, id);
        // The init was orphaned when `create` exited, so whoever adopted it reaps it: until then it
        // may linger as a zombie, which is gone in every sense that matters.
        assertThat(deadOrZombie(pid)).as("pid %d after delete", pid).isTrue();
    }

    private static boolean deadOrZombie(int pid) throws IOException {
        Path stat = Path.of("/proc", Integer.toString(pid), "stat");
        try {
            String st = Files.readString(stat);
            return st.substring(st.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        }
    }

    @Test
    void run_passesTheExitCodeThroughAndDeletes() throws Exception {
        edit(c -> args(c, "sh", "-c", "echo out-$(hostname); exit 42"));
        String id = id();
        Result r = runc("run", "--bundle", bundle.toString(), id);
        assertThat(r.code()).as(r.err()).isEqualTo(42);
        assertThat(r.out()).contains("out-drydock");
        assertNothingLeft(root, id);
    }

    @Test
    void deleteOfARunningContainer_isRefusedWithoutForce() throws Exception {
        String id = id();
        assertThat(runc("run", "--detach", "--bundle", bundle.toString(), id).code()).isZero();
        Result r = runc("delete", id);
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(id).contains("running");
        assertThat(runc("delete", "--force", id).code()).isZero();
        assertNothingLeft(root, id);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
            Arguments.of("wrong type", (Consumer<ObjectNode>) c -> ((ObjectNode) c.get("process")).put("args", "sh"), "process.args"),
            Arguments.of("missing root", (Consumer<ObjectNode>) c -> c.remove("root"), "root"),
            Arguments.of("unknown namespace", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("linux").get("namespaces"))
                .addObject().put("type", "frobnicate"), "linux.namespaces"),
            Arguments.of("mount destination with ..", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("mounts")).addObject()
                .put("destination", "/tmp/../../etc").put("type", "tmpfs").put("source", "tmpfs"), "destination"),
            Arguments.of("unknown capability", (Consumer<ObjectNode>) c -> ((ArrayNode) c.get("process").get("capabilities")
                .get("bounding")).add("CAP_NOPE"), "CAP_NOPE"),
            Arguments.of("no mount namespace", (Consumer<ObjectNode>) c -> {
                ArrayNode ns = (ArrayNode) c.get("linux").get("namespaces");
                for (int i = ns.size() - 1; i >= 0; i--) {
                    if ("mount".equals(ns.get(i).get("type").asText())) {
                        ns.remove(i);
                    }
                }
            }, "linux.namespaces"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfig_failsNamingTheField_andLeavesNothing(String what, Consumer<ObjectNode> change, String named) throws Exception {
        edit(change);
        String id = id();
        Path log = tmp.resolve("log.json");
        Result r = runc("--log", log.toString(), "--log-format", "json", "create", "--bundle", bundle.toString(), id);
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains(named);
        assertThat(r.err().strip().lines().count()).as("one line for a person").isEqualTo(1);
        assertThat(JSON.readTree(Files.readString(log).lines().findFirst().orElseThrow()).get("msg").asText()).contains(named);
        assertNothingLeft(root, id);
    }

    @Test
    void rootfsSymlinkPointingOutside_isRefusedNamingThePath() throws Exception {
        Files.createSymbolicLink(bundle.resolve("rootfs/escape"), Path.of("../../../../../../etc"));
        edit(c -> ((ArrayNode) c.get("mounts")).addObject().put("destination", "/escape/x").put("type", "tmpfs").put("source", "tmpfs"));
        String id = id();
        Result r = runc("create", "--bundle", bundle.toString(), id);
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("/escape");
        assertNothingLeft(root, id);
        assertThat(Path.of("/etc/x")).doesNotExist();
    }

    @Test
    void idInUse_andIdWithSlash_areRefused() throws Exception {
        String id = id();
        assertThat(runc("create", "--bundle", bundle.toString(), id).code()).isZero();
        Result again = runc("create", "--bundle", bundle.toString(), id);
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains(id).contains("already in use");
        assertThat(runc("delete", "--force", id).code()).isZero();
        Result slash = runc("create", "--bundle", bundle.toString(), "a/b");
        assertThat(slash.code()).isNotZero();
        assertThat(slash.err()).contains("a/b");
        assertThat(root.resolve("a")).doesNotExist();
    }
}
