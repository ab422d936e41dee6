package io.drydock.platform.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.vm.VmDriver;
import io.drydock.vm.VmSpec;
import io.drydock.vm.libvirt.LibvirtHypervisor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's cgroup and lifecycle integration tests on a pure cgroup v2 kernel: this host is
 * hybrid, so a drydock VM boots the guest kernel with {@code cgroup_no_v1=all} (every controller on
 * the unified hierarchy, which the guest init mounts at /sys/fs/cgroup) from a disk holding busybox,
 * the host's JDK with the libraries it links, and the runtime's built classes, test classes and test
 * jars. The JUnit console launcher runs the selected ITs as root in the guest; its output comes back
 * over the serial console, and its exit code is the workload's.
 */
class CgroupV2InVmIT {
    /**
     * The guest's tests: the cgroup v2 manager, the container lifecycle, and the shim on its own;
     * {@code -Ddrydock.cgroupv2.tests=CLASS[#METHOD],...} picks others (console launcher selectors).
     */
    static final List<String> GUEST_TESTS = List.of(System.getProperty("drydock.cgroupv2.tests",
        "io.drydock.runtime.cgroup.CgroupV2IT,io.drydock.runtime.container.ContainerRuntimeIT,io.drydock.runtime.process.ShimIT")
        .split(","));
    /** Lines of the guest's JUnit tree (test names, display names' start) that must read [OK] in a default run. */
    static final List<String> MUST_PASS = List.of(
        "realProcess_placedListedFrozenAndBlocksDestroyUntilKilled()",
        "memoryLimit_whereOffered_oomKills_elseRefusedNamingController()",
        "init_isBornInItsCgroup_clonedIntoItOnCgroupV2_elseViaTheFirstStage()",
        "pidsLimitOfOne_onCgroupV2_initClonedIntoTheCgroup_elseAttachedAfterTheClone()",
        "uidMapping_holds()",
        "exec_runsInTheContainersNamespaces()",
        "with a cgroup v2 directory in the plan the child is born in it",
        "clone3 refused (ENOSYS",
        "a new cgroup namespace is rooted at the cgroup Java put the child in before go");
    private static final Path JDK = Path.of(System.getProperty("java.home"));
    private static final Path RUNTIME_TARGET = Path.of(System.getProperty("drydock.runtime.target", "../runtime/target"))
        .toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void runtimeCgroupAndLifecycleITs_passInAPureCgroupV2Guest() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process libvirt = new ProcessBuilder(Path.of("..", "scripts", "libvirt").toAbsolutePath().normalize().toString(), "start")
            .inheritIO().start();
        assertThat(libvirt.waitFor()).as("scripts/libvirt start").isZero();
        Path rootfs = guestRootfs(dir.resolve("rootfs"));
        String name = "drydock-it-cgv2-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        List<String> cmd = new ArrayList<>(List.of("/opt/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx1g", "-cp", guestClasspath(), "org.junit.platform.console.ConsoleLauncher", "execute",
            "--disable-banner", "--disable-ansi-colors", "--details=tree", "--fail-if-no-tests"));
        GUEST_TESTS.forEach(t -> cmd.addAll(t.contains("#") ? List.of("--select-method", t) : List.of("--select-class", t)));
        // What the tests see, printed first: the guest's cgroup mounts and the root's controllers.
        String script = "echo \"guest kernel $(uname -r): $(cat /proc/cmdline)\"; grep cgroup /proc/mounts;"
            + " echo \"root controllers: $(cat /sys/fs/cgroup/cgroup.controllers)\"; exec \"$@\"";
        List<String> args = new ArrayList<>(List.of("/bin/sh", "-c", script, "guest-tests"));
        args.addAll(cmd);
        VmSpec spec = new VmSpec(name, "cgroup-v2-tests", rootfs, args,
            List.of("PATH=/opt/jdk/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "JAVA_HOME=/opt/jdk"), "/", 0, 0,
            3072, 2, null, VmSpec.RootMode.DISK)
            .withKernelArgs(List.of("cgroup_no_v1=all", "systemd.unified_cgroup_hierarchy=1"));
        StringBuilder out = new StringBuilder();
        long started = System.nanoTime();
        int code;
        try (VmDriver driver = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), dir.resolve("vm"))) {
            try {
                driver.create(spec);
                driver.start(name);
                code = driver.awaitExit(name, Duration.ofMinutes(20), s -> {
                    out.append(s);
                    System.out.print(s);
                });
            } finally {
                driver.remove(name);
            }
            assertThat(driver.hypervisor().state(name)).isEmpty();
        }
        System.out.printf("CgroupV2InVmIT: guest tests took %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
        // Without colours, but a launcher that still sends some must not hide a result.
        String text = out.toString().replaceAll("\u001B\\[[0-9;]*m", "");
        assertThat(text).contains("cgroup2 /sys/fs/cgroup cgroup2");
        assertThat(text).doesNotContainPattern("(?m)^cgroup /");
        assertThat(text).containsPattern("root controllers: .*\\bmemory\\b").containsPattern("root controllers: .*\\bpids\\b")
            .containsPattern("root controllers: .*\\bcpu\\b");
        assertThat(count(text, "tests failed")).as("failed tests; console:\n" + text).isZero();
        assertThat(count(text, "tests successful")).as("tests that passed in the guest").isGreaterThanOrEqualTo(GUEST_TESTS.size());
        // A test skipped in the guest must be one that needs cgroup v1 (or a controller v2 lacks):
        // anything else (no root, no busybox, no cgroup2 mount) would hollow the run out.
        List<String> skipped = text.lines().filter(l -> l.contains("[A] ")).toList();
        assertThat(skipped).as("tests skipped in the guest").allMatch(l -> l.contains("cgroup v1")
            || l.contains("is enabled for this cgroup on this host"));
        if (System.getProperty("drydock.cgroupv2.tests") == null) {
            assertThat(count(text, "tests successful")).as("tests that passed in the guest").isGreaterThanOrEqualTo(45);
            for (String t : MUST_PASS) {
                assertThat(text.lines().filter(l -> l.contains(t)).toList()).as(t).hasSize(1).allMatch(l -> l.strip().endsWith("[OK]"));
            }
        }
        assertThat(code).as("the console launcher's exit code").isZero();
        assertThat(dir.resolve("vm").resolve(name)).doesNotExist();
    }

    /** The number on the console launcher's summary line "[ N LABEL ]", or -1 if absent. */
    static long count(String console, String label) {
        Matcher m = Pattern.compile("\\[\\s*(\\d+) " + Pattern.quote(label) + "\\s*]").matcher(console);
        long n = -1;
        while (m.find()) {
            n = Long.parseLong(m.group(1));
        }
        return n;
    }

    /** The runtime's classes, test classes and every test jar, at their places in the guest. */
    private String guestClasspath() throws IOException {
        List<String> cp = new ArrayList<>(List.of("/drydock/classes", "/drydock/test-classes"));
        for (String jar : jars()) {
            cp.add("/drydock/lib/" + Path.of(jar).getFileName());
        }
        return String.join(":", cp);
    }

    private static List<String> jars() throws IOException {
        Path file = RUNTIME_TARGET.resolve("test-classpath.txt");
        assertThat(file).as("the runtime module's test classpath (written at its test-compile)").isRegularFile();
        return List.of(Files.readString(file).strip().split(":"));
    }

    /**
     * busybox, /etc/passwd (the JVM's user.name must be root), the host's JDK under /opt/jdk with
     * every library it links (ldd), and the runtime's build output under /drydock.
     */
    private static Path guestRootfs(Path root) throws Exception {
        BusyboxRootfs.build(root);
        Files.createDirectories(root.resolve("root"));
        Path jdk = root.resolve("opt/jdk");
        Files.createDirectories(jdk.getParent());
        run("cp", "-a", JDK.toString(), jdk.toString());
        // Sources and the compiler's symbol table: 60 MB the tests never read.
        Files.deleteIfExists(jdk.resolve("lib/src.zip"));
        Files.deleteIfExists(jdk.resolve("lib/ct.sym"));
        Set<String> libs = new TreeSet<>();
        List<Path> elves = new ArrayList<>(List.of(JDK.resolve("bin/java")));
        try (Stream<Path> s = Files.walk(JDK.resolve("lib"))) {
            s.filter(p -> p.toString().endsWith(".so")).forEach(elves::add);
        }
        for (Path elf : elves) {
            for (String line : run("ldd", elf.toString()).split("\n")) {
                // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)";
                // a JDK library's own siblings and what only the AWT libraries want (X11) stay out.
                Matcher m = Pattern.compile("(/\\S+) \\(0x").matcher(line);
                if (m.find() && !m.group(1).startsWith(JDK.toString())) {
                    libs.add(m.group(1));
                }
            }
        }
        // libseccomp, which ShimIT loads through JNA by its development name to refuse close_range.
        for (String name : List.of("libseccomp.so", "libseccomp.so.2")) {
            Path lib = Path.of("/usr/lib/x86_64-linux-gnu", name);
            if (Files.exists(lib)) {
                libs.add(lib.toString());
            }
        }
        for (String lib : libs) {
            Path target = root.resolve(lib.substring(1));
            Files.createDirectories(target.getParent());
            if (!Files.exists(target)) {
                Files.copy(Path.of(lib), target);
            }
        }
        Path drydock = root.resolve("drydock");
        Files.createDirectories(drydock.resolve("lib"));
        run("cp", "-a", RUNTIME_TARGET.resolve("classes").toString(), drydock.resolve("classes").toString());
        run("cp", "-a", RUNTIME_TARGET.resolve("test-classes").toString(), drydock.resolve("test-classes").toString());
        for (String jar : jars()) {
            Files.copy(Path.of(jar), drydock.resolve("lib").resolve(Path.of(jar).getFileName()));
        }
        return root;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        // ldd exits 1 for a file that is not dynamically linked; its output then has no paths.
        if (code != 0 && !cmd[0].equals("ldd")) {
            throw new IOException(String.join(" ", cmd) + " failed with " + code + ": " + out.strip());
        }
        return out;
    }
}
