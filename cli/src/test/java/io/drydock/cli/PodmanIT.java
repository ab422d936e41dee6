package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.rootfs.BusyboxRootfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * podman drives {@code drydock-runc} as its OCI runtime ({@code --runtime}), through conmon: a
 * foreground run passes output and exit code; a detached one is exec'd into, stopped and removed.
 * podman's storage, run and temporary directories and its cgroup parent are the test's own.
 *
 * <p>podman hands the runtime a cleaned environment, so drydock-runc is reached through a small
 * wrapper script that sets the front end's variables. This host's processes lack CAP_SYS_RESOURCE
 * (bounding set), so the rlimits podman would put in the spec (nofile and nproc raised to 1048576)
 * cannot be set by any runtime, runc included: the test asks for limits the host allows.
 */
class PodmanIT {
    private static final Path RUNC = RuncCliIT.RUNC;

    private Path dir;
    private Path wrapper;
    private String cgroupParent;
    private final List<String> containers = new ArrayList<>();

    record Result(int code, String out, String err) {}

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(RUNC), "the distribution is built by `package` before integration tests");
        assumeTrue(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX), "needs busybox-static");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/podman")), "needs podman (Debian package podman)");
        dir = Files.createTempDirectory(Path.of("/tmp"), "ddpod");
        cgroupParent = "/drydock-podman-it-" + UUID.randomUUID().toString().substring(0, 8);
        BusyboxRootfs.build(dir.resolve("rootfs"));
        StringBuilder script = new StringBuilder("#!/bin/sh\n");
        Map<String, String> env = new java.util.TreeMap<>();
        environment(env);
        env.forEach((k, v) -> script.append("export ").append(k).append("='").append(v).append("'\n"));
        script.append("exec '").append(RUNC).append("' \"$@\"\n");
        wrapper = dir.resolve("drydock-runc");
        Files.writeString(wrapper, script);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    }

    /** The front end's environment: here no daemon answers, so it takes the JVM path. */
    void environment(Map<String, String> env) {
        env.put("DRYDOCK_RUNC_SOCKET", dir.resolve("no-daemon.sock").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dir == null) {
            return;
        }
        try {
            for (String id : containers) {
                podman("rm", "--force", id);
            }
            assertThat(podman("ps", "--all", "--quiet").out().strip()).as("containers left in this test's podman").isEmpty();
        } finally {
            for (Path cgroup : cgroups()) {
                try (Stream<Path> children = Files.walk(cgroup)) {
                    for (Path c : children.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(c);
                    }
                }
            }
            try (Stream<String> mounts = Files.lines(Path.of("/proc/self/mountinfo"))) {
                assertThat(mounts.filter(l -> l.contains(dir.toString())).toList()).as("mounts below " + dir).isEmpty();
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        assertThat(cgroups()).as("cgroups below " + cgroupParent).isEmpty();
    }

    /** This test's cgroup parent in every hierarchy (v1 controllers, or the v2 root). */
    private List<Path> cgroups() throws IOException {
        List<Path> found = new ArrayList<>();
        Path root = Path.of("/sys/fs/cgroup");
        if (Files.isDirectory(root.resolve(cgroupParent.substring(1)))) {
            found.add(root.resolve(cgroupParent.substring(1)));
        }
        try (Stream<Path> hierarchies = Files.list(root)) {
            for (Path h : hierarchies.toList()) {
                if (Files.isDirectory(h.resolve(cgroupParent.substring(1)))) {
                    found.add(h.resolve(cgroupParent.substring(1)));
                }
            }
        }
        return found;
    }

    private Result podman(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("podman", "--root", dir.resolve("root").toString(),
            "--runroot", dir.resolve("run").toString(), "--tmpdir", dir.resolve("tmp").toString(),
            "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--runtime", wrapper.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private List<String> runOptions(String name, String... more) {
        containers.add(name);
        List<String> o = new ArrayList<>(List.of("run", "--name", name, "--network", "none", "--cgroup-parent",
            cgroupParent, "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"));
        o.addAll(List.of(more));
        o.addAll(List.of("--rootfs", dir.resolve("rootfs").toString()));
        return o;
    }

    @Test
    void podmanRun_withDrydockRunc_passesOutputAndExitCode() throws Exception {
        String name = "drydock-pod-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = runOptions(name, "--rm");
        args.addAll(List.of("sh", "-c", "echo hello-from-$(cat /proc/1/comm); exit 3"));
        Result r = podman(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).contains("hello-from-sh");
        containers.remove(name);
        assertThat(podman("ps", "--all", "--quiet").out().strip()).isEmpty();
    }

    @Test
    void podmanRunDetached_execStopRemove_throughDrydockRunc() throws Exception {
        String name = "drydock-pod-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = runOptions(name, "--detach");
        args.addAll(List.of("sleep", "600"));
        Result r = podman(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(podman("inspect", "--format", "{{.State.Status}}", name).out().strip()).isEqualTo("running");

        Result exec = podman("exec", name, "sh", "-c", "echo in-$(cat /proc/1/comm); exit 4");
        assertThat(exec.code()).as(exec.err()).isEqualTo(4);
        assertThat(exec.out()).contains("in-sleep");

        Result stop = podman("stop", "--time", "1", name);
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(podman("inspect", "--format", "{{.State.Status}}", name).out().strip()).isEqualTo("exited");
        assertThat(podman("rm", name).code()).isZero();
        containers.remove(name);
    }
}
