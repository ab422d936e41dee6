package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.rootfs.BusyboxRootfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * containerd drives {@code drydock-runc} as it drives runc: {@code ctr run --runc-binary} through
 * containerd's runc v2 shim. The test starts its own containerd (own root, state, socket, no CRI
 * plugin) and stops it afterwards, with every task, container and directory it made. Here
 * drydock-runc takes its JVM path; {@link ContainerdCtrDaemonIT} runs the same through a daemon.
 */
class ContainerdCtrIT {
    private static final Path RUNC = RuncCliIT.RUNC;
    /** Where containerd 1.6's runc shim keeps its runc state (--root), per namespace, and its sockets. */
    private static final Path SHIM_RUNC_ROOT = Path.of("/run/containerd/runc");
    private static final List<Path> SHIM_DIRS = List.of(Path.of("/run/containerd/s"), SHIM_RUNC_ROOT,
        Path.of("/run/containerd/fifo"), Path.of("/run/containerd"));

    private Path dir;
    private Path socket;
    private Process containerd;
    private String namespace;
    private final List<Path> madeHere = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();

    record Result(int code, String out, String err) {}

    @BeforeEach
    void startContainerd() throws Exception {
        assumeTrue(Files.isExecutable(RUNC), "the distribution is built by `package` before integration tests");
        assumeTrue(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX), "needs busybox-static");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        for (String tool : List.of("containerd", "ctr", "containerd-shim-runc-v2")) {
            assumeTrue(onPath(tool), "needs " + tool + " (Debian package containerd)");
        }
        for (Path d : SHIM_DIRS) {
            if (Files.notExists(d)) {
                madeHere.add(d);
            }
        }
        // Short: the sockets' paths must fit sun_path (108 bytes).
        dir = Files.createTempDirectory(Path.of("/tmp"), "ddctr");
        socket = dir.resolve("c.sock");
        namespace = "drydock-it-" + UUID.randomUUID().toString().substring(0, 8);
        BusyboxRootfs.build(dir.resolve("rootfs"));
        Files.createDirectories(dir.resolve("fifo"));
        Path config = dir.resolve("config.toml");
        Files.writeString(config, String.join("\n",
            "version = 2",
            "root = \"" + dir.resolve("root") + "\"",
            "state = \"" + dir.resolve("state") + "\"",
            "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
            "[grpc]",
            "  address = \"" + socket + "\"",
            "[ttrpc]",
            "  address = \"" + dir.resolve("t.sock") + "\"",
            "[debug]",
            "  address = \"\"",
            "[metrics]",
            "  address = \"\"",
            "[plugins.\"io.containerd.internal.v1.opt\"]",
            "  path = \"" + dir.resolve("opt") + "\"",
            ""));
        // containerd passes its environment on to its shims, and they to drydock-runc.
        ProcessBuilder daemon = new ProcessBuilder("containerd", "--config", config.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile());
        environment(daemon.environment());
        containerd = daemon.start();
        for (int i = 0; i < 200 && Files.notExists(socket) && containerd.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertThat(socket).as("containerd's socket; its log: %s", Files.readString(dir.resolve("containerd.log"))).exists();
    }

    @AfterEach
    void stopContainerd() throws Exception {
        if (containerd == null) {
            return;
        }
        try {
            // What a failed test left: kill its task, delete it once stopped, then the container.
            for (String id : containers) {
                ctr("task", "kill", "--signal", "KILL", id);
                for (int i = 0; i < 50 && ctr("task", "ls", "--quiet").out().lines().anyMatch(l -> l.strip().equals(id)); i++) {
                    if (ctr("task", "delete", id).code() != 0) {
                        Thread.sleep(100);
                    }
                }
                ctr("container", "delete", id);
            }
            // A shim outlives a task only until its delete; none may survive containerd.
            assertThat(shimPids()).as("runc shims of this containerd").isEmpty();
        } finally {
            containerd.destroy();
            if (!containerd.waitFor(20, TimeUnit.SECONDS)) {
                containerd.destroyForcibly().waitFor();
            }
            for (long pid : shimPids()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Files.deleteIfExists(SHIM_RUNC_ROOT.resolve(namespace));
            // containerd's shim puts a namespace's containers below a cgroup named after it, which
            // outlives them: remove it from every hierarchy (v1 controllers, a v2 mount) once empty.
            for (Path cgroup : namespaceCgroups()) {
                Files.deleteIfExists(cgroup);
            }
            for (Path d : madeHere) {
                try (Stream<Path> s = Files.list(d)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(d);
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed already
                }
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        assertThat(SHIM_RUNC_ROOT.resolve(namespace)).doesNotExist();
        assertThat(namespaceCgroups()).as("cgroups of containerd namespace " + namespace).isEmpty();
    }

    /** The cgroup directories named after this test's containerd namespace, in every hierarchy. */
    private List<Path> namespaceCgroups() throws java.io.IOException {
        List<Path> found = new ArrayList<>();
        Path root = Path.of("/sys/fs/cgroup");
        if (Files.isDirectory(root.resolve(namespace))) {
            found.add(root.resolve(namespace));
        }
        try (Stream<Path> hierarchies = Files.list(root)) {
            for (Path h : hierarchies.toList()) {
                if (Files.isDirectory(h.resolve(namespace))) {
                    found.add(h.resolve(namespace));
                }
            }
        }
        return found;
    }

    /** The shims started for this test's containerd, found by its unique socket path in their arguments. */
    private List<Long> shimPids() {
        return ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().map(c -> c.contains("containerd-shim") && c.contains(socket.toString()))
                .orElse(false))
            .map(ProcessHandle::pid).toList();
    }

    /**
     * The environment containerd (and so its shims' drydock-runc) runs in: here no daemon answers
     * on the front end's socket, so it takes the JVM path (ContainerdCtrDaemonIT routes it to one).
     */
    void environment(java.util.Map<String, String> env) {
        env.put("DRYDOCK_RUNC_SOCKET", dir.resolve("no-daemon.sock").toString());
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":"))
            .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private Result ctr(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ctr", "--address", socket.toString(), "--namespace", namespace));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private String id() {
        String id = "drydock-ctr-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(id);
        return id;
    }

    /** What ctr puts before the image or rootfs: drydock-runc as the shim's runc, a rootfs directory, fifos here. */
    private List<String> runOptions(String... more) {
        List<String> o = new ArrayList<>(List.of("run", "--runc-binary", RUNC.toString(), "--fifo-dir",
            dir.resolve("fifo").toString()));
        o.addAll(List.of(more));
        o.addAll(List.of("--rootfs", dir.resolve("rootfs").toString()));
        return o;
    }

    @Test
    void ctrRun_withDrydockRunc_passesOutputAndExitCode() throws Exception {
        String id = id();
        List<String> args = runOptions("--rm");
        args.addAll(List.of(id, "sh", "-c", "echo hello-from-$(cat /proc/1/comm); exit 3"));
        Result r = ctr(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).contains("hello-from-sh");
        containers.remove(id);
        assertThat(ctr("container", "ls", "--quiet").out()).doesNotContain(id);
    }

    @Test
    void ctrRunDetached_execKillDelete_throughDrydockRunc() throws Exception {
        String id = id();
        List<String> args = runOptions("--detach", "--null-io");
        args.addAll(List.of(id, "sleep", "600"));
        Result r = ctr(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        // The shim's runc is drydock-runc: its state is in drydock's format, under the shim's root.
        ProcessBuilder statePb = new ProcessBuilder(RUNC.toString(), "--root", SHIM_RUNC_ROOT.resolve(namespace).toString(),
            "state", id).redirectErrorStream(true);
        environment(statePb.environment());
        Process state = statePb.start();
        String json = new String(state.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(state.waitFor()).as(json).isZero();
        assertThat(RuncCliIT.JSON.readTree(json).get("status").asText()).isEqualTo("running");

        Result exec = ctr("task", "exec", "--exec-id", "e1", "--fifo-dir", dir.resolve("fifo").toString(), id,
            "sh", "-c", "echo in-$(cat /proc/1/comm); exit 4");
        assertThat(exec.code()).as(exec.err()).isEqualTo(4);
        assertThat(exec.out()).contains("in-sleep");

        assertThat(ctr("task", "kill", "--signal", "KILL", id).code()).isZero();
        for (int i = 0; i < 100 && !ctr("task", "ls").out().contains("STOPPED"); i++) {
            Thread.sleep(50);
        }
        assertThat(ctr("task", "ls").out()).contains("STOPPED");
        assertThat(ctr("task", "delete", id).code()).isZero();
        assertThat(ctr("container", "delete", id).code()).isZero();
        containers.remove(id);
        assertThat(SHIM_RUNC_ROOT.resolve(namespace).resolve(id)).doesNotExist();
    }
}
