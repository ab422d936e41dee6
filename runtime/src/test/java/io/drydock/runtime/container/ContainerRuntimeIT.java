package io.drydock.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.cgroup.CgroupLayout;
import io.drydock.runtime.cgroup.CgroupMode;
import io.drydock.runtime.cgroup.CgroupStats;
import io.drydock.runtime.security.Capability;
import io.drydock.runtime.spec.CapabilitySets;
import io.drydock.runtime.spec.IdMapping;
import io.drydock.runtime.spec.LinuxNamespace;
import io.drydock.runtime.spec.LinuxResources;
import io.drydock.runtime.spec.NamespaceType;
import io.drydock.runtime.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drydock's runtime on the real kernel, with a busybox rootfs: isolation, limits, lifecycle and
 * cleanup, as the OCI runtime-spec and runc users expect.
 */
class ContainerRuntimeIT {
    @TempDir
    Path tmp;

    private ContainerRuntime rt;
    private TestBundle bundle;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static (scripts/setup installs it)");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        rt = ContainerRuntime.open(tmp.resolve("state"));
        bundle = TestBundle.create(tmp.resolve("bundle"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (String id : ids) {
            try {
                rt.delete(id, true);
            } catch (ContainerException ignored) {
                // already deleted by the test
            }
            assertNoCgroupLeft(id);
        }
        rt.close();
    }

    private String id() {
        String id = "drydock-it-" + UUID.randomUUID().toString().substring(0, 8);
        ids.add(id);
        return id;
    }

    private int run(Spec spec) throws Exception {
        bundle.write(s -> spec);
        return rt.run(id(), CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
    }

    private Spec sh(String script) {
        Spec s = bundle.baseSpec();
        return s.withProcess(s.process().withArgs(List.of("sh", "-c", script)));
    }

    private static void assertNoCgroupLeft(String id) throws Exception {
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                assertThat(h.resolve("drydock").resolve(id)).as("cgroup of " + id + " in " + h).doesNotExist();
            }
        }
    }

    @Test
    void process_isPid1_andSeesNoHostProcess() throws Exception {
        int code = run(sh("echo $$ > /out/pid; ls /proc | grep -c '^[0-9]' > /out/procs"));
        assertThat(code).isZero();
        assertThat(bundle.read("pid")).isEqualTo("1");
        // sh itself and the ls/grep of the pipeline: nothing of the host's processes.
        assertThat(Integer.parseInt(bundle.read("procs"))).isLessThanOrEqualTo(3);
    }

    @Test
    void hostname_isTheConfiguredOne() throws Exception {
        assertThat(run(sh("hostname > /out/h").withHostname("drydock-test-host"))).isZero();
        assertThat(bundle.read("h")).isEqualTo("drydock-test-host");
    }

    @Test
    void noHostMount_isVisible() throws Exception {
        assertThat(run(sh("cat /proc/self/mountinfo > /out/mi"))).isZero();
        String mi = bundle.read("mi");
        assertThat(mi).doesNotContain(" /work").doesNotContain(" /home ").doesNotContain(tmp.toString() + " ");
        assertThat(mi.lines().map(l -> l.split(" ")[4])).contains("/", "/proc", "/dev", "/sys");
    }

    @Test
    void networkNamespace_hasOnlyLoopback() throws Exception {
        assertThat(run(sh("tail -n +3 /proc/net/dev > /out/dev 2>/dev/null || cat /proc/net/dev > /out/dev"))).isZero();
        List<String> ifaces = bundle.read("dev").lines().filter(l -> l.contains(":"))
            .map(l -> l.split(":")[0].strip()).filter(n -> !n.startsWith("Inter") && !n.startsWith("face")).toList();
        assertThat(ifaces).containsExactly("lo");
    }

    @Test
    void memoryLimit_getsAnAllocatingProcessOomKilled() throws Exception {
        Spec s = sh("a=$(yes | head -c 300000000); echo survived > /out/mem");
        s = s.withLinux(s.linux().withResources(new LinuxResources(null,
            new LinuxResources.MemoryResources(32L << 20, null, null, null, null, null, null, null, null),
            null, null, null, null)));
        String id = id();
        Spec spec = s;
        bundle.write(x -> spec);
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        rt.start(id);
        int code = rt.waitForExit(id);
        CgroupStats stats = rt.stats(id);
        rt.delete(id, false);
        assertThat(Files.exists(bundle.out.resolve("mem"))).as("the allocation must not survive").isFalse();
        assertThat(code).as("exit code of the OOM-killed shell or its child").isNotZero();
        assertThat(stats.oomKills()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void pidsLimit_stopsAForkLoop() throws Exception {
        // Only builtins after the loop starts: with the limit reached, nothing else can fork.
        Spec s = sh("exec 2>/out/err; for i in $(seq 1 40); do sleep 30 & echo $! >> /out/pids; done; true");
        s = s.withLinux(s.linux().withResources(new LinuxResources(null, null, null, new LinuxResources.PidsResources(8L), null, null)));
        run(s);
        long started = bundle.read("pids").lines().distinct().count();
        assertThat(started).as("background processes that got a pid").isBetween(1L, 7L);
        assertThat(bundle.read("err")).containsIgnoringCase("fork");
    }

    @Test
    void pidsLimitOfOne_stillRunsTheSingleProcess() throws Exception {
        // The shim's first stage cannot share such a cgroup with its child: only the child joins it.
        Spec base = bundle.baseSpec();
        Spec s = base.withProcess(base.process().withArgs(List.of("true")));
        s = s.withLinux(s.linux().withResources(new LinuxResources(null, null, null, new LinuxResources.PidsResources(1L), null, null)));
        assertThat(run(s)).isZero();
    }

    @Test
    void init_isBornInItsCgroup_clonedIntoItOnCgroupV2_elseViaTheFirstStage() throws Exception {
        bundle.write(s -> s.withProcess(s.process().withArgs(List.of("sleep", "600"))));
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        int pid = rt.initPid(id).orElseThrow();
        ContainerRecord rec = new StateStore(tmp.resolve("state")).load(id);
        boolean unified = CgroupLayout.detectHost().mode() == CgroupMode.UNIFIED;
        // Linux 5.7+ (this host and the cgroup v2 guest of CgroupV2InVmIT) has CLONE_INTO_CGROUP.
        assertThat(rec.cgroupPlacement()).isEqualTo(unified
            ? ContainerRecord.CgroupPlacement.CLONED_INTO_CGROUP : ContainerRecord.CgroupPlacement.FIRST_STAGE_ATTACHED);
        List<String> cgroups = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "cgroup"));
        if (unified) {
            assertThat(cgroups).containsExactly("0::" + rec.cgroupPath());
        } else {
            assertThat(cgroups).anyMatch(l -> l.matches("\\d+:[^:]*memory[^:]*:" + java.util.regex.Pattern.quote(rec.cgroupPath())));
        }
        assertThat(rt.pids(id)).containsExactly(pid);
    }

    @Test
    void pidsLimitOfOne_onCgroupV2_initClonedIntoTheCgroup_elseAttachedAfterTheClone() throws Exception {
        bundle.write(s -> {
            Spec x = s.withProcess(s.process().withArgs(List.of("sleep", "600")));
            return x.withLinux(x.linux().withResources(
                new LinuxResources(null, null, null, new LinuxResources.PidsResources(1L), null, null)));
        });
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        boolean unified = CgroupLayout.detectHost().mode() == CgroupMode.UNIFIED;
        assertThat(new StateStore(tmp.resolve("state")).load(id).cgroupPlacement()).isEqualTo(unified
            ? ContainerRecord.CgroupPlacement.CLONED_INTO_CGROUP : ContainerRecord.CgroupPlacement.ATTACHED_AFTER_CLONE);
        assertThat(rt.pids(id)).containsExactly(rt.initPid(id).orElseThrow());
    }

    @Test
    void cpuQuota_capsUsage() throws Exception {
        // 0.1 CPU for about one second of a busy loop: the cgroup's CPU time stays far below a second.
        Spec s = sh("cut -d' ' -f1 /proc/uptime > /out/t0; yes > /dev/null & p=$!; sleep 1; kill $p; cut -d' ' -f1 /proc/uptime > /out/t1");
        s = s.withLinux(s.linux().withResources(new LinuxResources(null, null,
            new LinuxResources.CpuResources(null, 10_000L, null, 100_000L, null, null, null, null, null), null, null, null)));
        Spec spec = s;
        bundle.write(x -> spec);
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        rt.start(id);
        rt.waitForExit(id);
        CgroupStats stats = rt.stats(id);
        rt.delete(id, false);
        double ran = Double.parseDouble(bundle.read("t1")) - Double.parseDouble(bundle.read("t0"));
        // Unthrottled, the loop would use about all of one CPU while the container ran (~1 s); at 10%
        // it gets a tenth. The bound is half of the time it ran, which a slow host stretches: under
        // TCG on a loaded host the throttled shell took over 4 s to get from "sleep 1" to its end.
        assertThat(stats.throttledPeriods()).as("periods the quota throttled: %s", stats).isPositive();
        assertThat(stats.cpuUsageNanos()).as("CPU time of a container that ran %.2f s: %s", ran, stats)
            .isLessThan((long) (ran * 0.5e9));
    }

    @Test
    void readonlyRootfs_refusesWrites() throws Exception {
        Spec s = sh("touch /newfile && echo wrote > /out/ro || echo refused > /out/ro");
        s = s.withRoot(new io.drydock.runtime.spec.Root("rootfs", true));
        run(s);
        assertThat(bundle.read("ro")).isEqualTo("refused");
        assertThat(bundle.rootfs.resolve("newfile")).doesNotExist();
    }

    @Test
    void maskedPaths_readEmpty() throws Exception {
        assertThat(run(sh("cat /proc/kcore | wc -c > /out/kcore; ls /sys/firmware | wc -l > /out/fw"))).isZero();
        assertThat(bundle.read("kcore")).isEqualTo("0");
        assertThat(bundle.read("fw")).isEqualTo("0");
    }

    @Test
    void capabilities_areTheConfiguredOnes() throws Exception {
        List<String> caps = List.of("CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        Spec s = sh("grep -E '^Cap(Eff|Bnd|Prm)' /proc/self/status > /out/caps");
        s = s.withProcess(s.process().withCapabilities(new CapabilitySets(caps, caps, List.of(), caps, List.of())));
        assertThat(run(s)).isZero();
        String expected = String.format("%016x", Capability.mask(caps));
        assertThat(bundle.read("caps").lines()).allSatisfy(l -> assertThat(l).endsWith(expected));
    }

    @Test
    void uidMapping_holds() throws Exception {
        Spec s = sh("id -u > /out/uid; cat /proc/self/uid_map > /out/map");
        List<LinuxNamespace> ns = new ArrayList<>(s.linux().namespaces());
        ns.add(LinuxNamespace.create(NamespaceType.USER));
        s = s.withLinux(s.linux().withNamespaces(ns).withMappings(
            List.of(IdMapping.of(0, 100000, 65536)), List.of(IdMapping.of(0, 100000, 65536))));
        // JUnit's temp dirs are 0700: the mapped root (host uid 100000) must be able to reach the rootfs.
        for (Path p = bundle.rootfs; p.startsWith(tmp); p = p.getParent()) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(run(s)).isZero();
        assertThat(bundle.read("uid")).isEqualTo("0");
        assertThat(bundle.read("map").split("\\s+")).containsExactly("0", "100000", "65536");
        assertThat(Files.getAttribute(bundle.out.resolve("uid"), "unix:uid")).as("host owner of a file root wrote").isEqualTo(100000);
    }

    @Test
    void exitCode_passesThrough() throws Exception {
        assertThat(run(sh("exit 42"))).isEqualTo(42);
    }

    @Test
    void killAndDelete_leaveNoProcessCgroupOrState() throws Exception {
        bundle.write(s -> s.withProcess(s.process().withArgs(List.of("sleep", "600"))));
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        assertThat(rt.status(id)).isEqualTo(ContainerStatus.CREATED);
        rt.start(id);
        assertThat(rt.status(id)).isEqualTo(ContainerStatus.RUNNING);
        int pid = rt.initPid(id).orElseThrow();
        assertThat(rt.pids(id)).contains(pid);
        rt.kill(id, 9, false);
        assertThat(rt.waitForExit(id)).isEqualTo(128 + 9);
        assertThat(rt.status(id)).isEqualTo(ContainerStatus.STOPPED);
        rt.delete(id, false);
        assertThat(Path.of("/proc", Integer.toString(pid))).doesNotExist();
        assertThat(tmp.resolve("state").resolve(id)).doesNotExist();
        assertNoCgroupLeft(id);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(bundle.rootfs.toString());
    }

    @Test
    void exec_runsInTheContainersNamespaces() throws Exception {
        bundle.write(s -> s.withHostname("drydock-exec").withProcess(s.process().withArgs(List.of("sleep", "600"))));
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        rt.start(id);
        int code = rt.exec(id, ExecRequest.builder().args(List.of("sh", "-c", "hostname > /out/exec; echo $$ > /out/execpid; exit 7"))
            .stdio(io.drydock.runtime.process.Stdio.of(0, 1, 2)).build());
        assertThat(code).isEqualTo(7);
        assertThat(bundle.read("exec")).isEqualTo("drydock-exec");
        assertThat(Integer.parseInt(bundle.read("execpid"))).isGreaterThan(1);
        rt.delete(id, true);
    }

    @Test
    void badConfig_leavesNothingBehind() throws Exception {
        String id = id();
        Files.writeString(bundle.dir.resolve("config.json"), "{\"ociVersion\":\"1.2.0\",\"process\":{\"args\":[\"true\"],\"cwd\":\"/\"},"
            + "\"root\":{\"path\":\"rootfs\"},\"mounts\":[{\"destination\":\"/x/../../etc\",\"type\":\"tmpfs\",\"source\":\"tmpfs\"}],"
            + "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"mount\"}]}}");
        assertThatThrownBy(() -> rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build()))
            .isInstanceOf(ContainerException.class).hasMessageContaining("mounts[0].destination");
        assertThat(tmp.resolve("state").resolve(id)).doesNotExist();
        assertNoCgroupLeft(id);
    }

    @Test
    void idInUse_isRefused() throws Exception {
        bundle.write(s -> s.withProcess(s.process().withArgs(List.of("sleep", "600"))));
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        assertThatThrownBy(() -> rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build()))
            .hasMessageContaining(id).hasMessageContaining("already in use");
        assertThat(rt.status(id)).isEqualTo(ContainerStatus.CREATED);
        rt.delete(id, true);
    }

    @Test
    void hooks_allSixRun_withTheStateOnStdin() throws Exception {
        Path host = bundle.out;
        java.util.function.Function<String, io.drydock.runtime.spec.Hook> onHost = kind -> new io.drydock.runtime.spec.Hook(
            "/bin/sh", List.of("sh", "-c", "cat > " + host.resolve(kind + ".json")), List.of(), 10);
        io.drydock.runtime.spec.Hook inContainer = new io.drydock.runtime.spec.Hook(
            "/bin/sh", List.of("sh", "-c", "cat > /out/startContainer.json"), List.of("PATH=/bin"), 10);
        io.drydock.runtime.spec.Hooks hooks = new io.drydock.runtime.spec.Hooks(List.of(onHost.apply("prestart")),
            List.of(onHost.apply("createRuntime")), List.of(onHost.apply("createContainer")), List.of(inContainer),
            List.of(onHost.apply("poststart")), List.of(onHost.apply("poststop")));
        String id = id();
        Spec spec = sh("true").withHooks(hooks);
        bundle.write(x -> spec);
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        rt.start(id);
        rt.waitForExit(id);
        rt.delete(id, false);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String kind : List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop")) {
            var state = json.readTree(bundle.out.resolve(kind + ".json").toFile());
            assertThat(state.get("id").asText()).as(kind).isEqualTo(id);
            assertThat(state.get("bundle").asText()).as(kind).isEqualTo(bundle.dir.toString());
        }
        // runtime-spec: createRuntime/createContainer during create, prestart/startContainer after
        // start was called and before the process runs, poststart after it ran, poststop after delete.
        java.util.Map<String, String> expected = java.util.Map.of("prestart", "created", "createRuntime", "creating",
            "createContainer", "creating", "startContainer", "created", "poststart", "running", "poststop", "stopped");
        expected.forEach((kind, status) -> {
            try {
                assertThat(json.readTree(bundle.out.resolve(kind + ".json").toFile()).get("status").asText())
                    .as(kind).isEqualTo(status);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void seccompAllowlistWithoutTheShimsCalls_nonRootWithoutNoNewPrivileges_filtersOnlyTheProcess() throws Exception {
        // Shaped like an older Docker default profile: deny by default (EPERM), allow a long list
        // of names. It lacks close_range, capset, setresuid, setgroups and prctl, which the shim
        // calls while setting up, and mkdir/mkdirat, which the process tries.
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Spec s = sh("echo ran > /out/ran; mkdir /out/made 2> /out/mkdir; grep CapEff /proc/self/status > /out/caps");
        s = s.withProcess(s.process().withUser(io.drydock.runtime.spec.User.of(1000, 1000)));
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(io.drydock.runtime.spec.SpecJson.write(s));
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("process")).put("noNewPrivileges", false);
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("linux")).set("seccomp",
            json.readTree(getClass().getResource("/io/drydock/runtime/seccomp/allowlist-without-close-range.json")));
        Files.writeString(bundle.dir.resolve("config.json"), json.writeValueAsString(config));

        int code = rt.run(id(), CreateRequest.builder().bundle(bundle.dir).discardStdio().build());

        assertThat(code).isZero();
        assertThat(bundle.read("ran")).isEqualTo("ran");
        assertThat(bundle.read("mkdir")).contains("Operation not permitted");
        assertThat(bundle.out.resolve("made")).doesNotExist();
        // CAP_SYS_ADMIN, kept by the shim to load the filter, does not reach the process.
        assertThat(bundle.read("caps")).matches("CapEff:\\s+0+");
    }

    @Test
    void memoryKernelTcpAndDisableOomKiller_onCgroupV1_readBackAsConfigured() throws Exception {
        java.util.Optional<Path> memory = io.drydock.runtime.cgroup.CgroupLayout.detectHost().v1Mount("memory");
        assumeTrue(memory.isPresent(), "needs the cgroup v1 memory controller");
        Spec s = sh("sleep 600");
        s = s.withLinux(s.linux().withResources(new LinuxResources(null,
            new LinuxResources.MemoryResources(64L << 20, null, null, null, 8L << 20, null, true, null, null),
            null, null, null, null)));
        Spec limited = s;
        bundle.write(x -> limited);
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        Path dir = memory.get().resolve("drydock").resolve(id);
        assertThat(Files.readString(dir.resolve("memory.kmem.tcp.limit_in_bytes")).strip()).isEqualTo(Long.toString(8L << 20));
        assertThat(Files.readString(dir.resolve("memory.oom_control"))).contains("oom_kill_disable 1");
        rt.delete(id, true);
    }

    @Test
    void start_executableMissing_failsNamingIt_afterWaitingForTheInit() throws Exception {
        String id = id();
        Spec base = bundle.baseSpec();
        bundle.write(x -> base.withProcess(base.process().withArgs(List.of("/no/such/program"))));
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        assertThatThrownBy(() -> rt.start(id)).isInstanceOf(ContainerException.class)
            .hasMessageContaining("/no/such/program");
        rt.delete(id, true);
        assertNoCgroupLeft(id);
    }

    @Test
    void start_waitsForTheStartContainerHookBeforeReturning() throws Exception {
        // The init holds the exec fifo open until execve, so start returns only after the hook ran.
        io.drydock.runtime.spec.Hook slow = new io.drydock.runtime.spec.Hook(
            "/bin/sh", List.of("sh", "-c", "sleep 0.3; echo done > /out/hook-done"), List.of("PATH=/bin"), 10);
        String id = id();
        Spec spec = sh("true").withHooks(new io.drydock.runtime.spec.Hooks(List.of(), List.of(), List.of(), List.of(slow),
            List.of(), List.of()));
        bundle.write(x -> spec);
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        rt.start(id);
        assertThat(bundle.out.resolve("hook-done")).exists();
        rt.waitForExit(id);
        rt.delete(id, false);
    }

    @Test
    void failingPrestartHook_failsStart_stopsTheContainer_beforeItsProcessRuns() throws Exception {
        io.drydock.runtime.spec.Hook fail = new io.drydock.runtime.spec.Hook("/bin/sh", List.of("sh", "-c", "exit 5"), List.of(), 10);
        Spec spec = sh("echo ran > /out/ran").withHooks(
            new io.drydock.runtime.spec.Hooks(List.of(fail), List.of(), List.of(), List.of(), List.of(), List.of()));
        bundle.write(x -> spec);
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        assertThatThrownBy(() -> rt.start(id)).isInstanceOf(ContainerException.class)
            .hasMessageContaining("hooks.prestart[0]").hasMessageContaining("exited with 5");
        assertThat(rt.status(id)).isEqualTo(ContainerStatus.STOPPED);
        assertThat(bundle.out.resolve("ran")).doesNotExist();
        rt.delete(id, false);
        assertNoCgroupLeft(id);
    }

    @Test
    void failingCreateRuntimeHook_failsCreate_andLeavesNothing() throws Exception {
        io.drydock.runtime.spec.Hook fail = new io.drydock.runtime.spec.Hook("/bin/sh", List.of("sh", "-c", "exit 3"), List.of(), 10);
        Spec spec = sh("true").withHooks(new io.drydock.runtime.spec.Hooks(List.of(), List.of(fail), List.of(), List.of(), List.of(), List.of()));
        bundle.write(x -> spec);
        String id = id();
        assertThatThrownBy(() -> rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build()))
            .hasMessageContaining("hooks.createRuntime[0]").hasMessageContaining("exited with 3");
        assertThat(tmp.resolve("state").resolve(id)).doesNotExist();
        assertNoCgroupLeft(id);
    }
}
