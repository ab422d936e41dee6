package io.drydock.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.process.ShimBinary;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.spec.LinuxNamespace;
import io.drydock.runtime.spec.Mount;
import io.drydock.runtime.spec.NamespaceType;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classes of runc's container-escape CVEs, each replayed against drydock's runtime on the real
 * kernel: CVE-2019-5736 (overwriting the runtime's binary through /proc/PID/exe), CVE-2024-21626
 * (a working directory through a leaked host fd), CVE-2021-30465 (a mount destination swapped
 * for a symlink during create). Every container here has an id with this run's prefix; teardown
 * deletes them all and checks no cgroup of theirs is left.
 */
class RuncCveIT {
    @TempDir
    Path tmp;

    private final Syscalls sys = new LinuxSyscalls();
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
                // deleted by the test
            }
            try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
                for (Path h : hierarchies.toList()) {
                    assertThat(h.resolve("drydock").resolve(id)).as("cgroup of " + id + " in " + h).doesNotExist();
                }
            }
        }
        rt.close();
    }

    private String id() {
        String id = "drydock-cve-" + UUID.randomUUID().toString().substring(0, 8);
        ids.add(id);
        return id;
    }

    private Spec sh(String script) {
        Spec s = bundle.baseSpec();
        return s.withProcess(s.process().withArgs(List.of("sh", "-c", script)));
    }

    // ------------------------------------------------------------------ CVE-2019-5736

    @Test
    void cve2019_5736_theShimSeenFromInsideAContainer_cannotBeOverwritten() throws Exception {
        String packagedBefore = sha256(packagedShim());
        // Container A: a process that keeps trying to append to the executable of every other
        // process it can see, as the exploit does with the runtime's /proc/PID/exe.
        String attacker = "touch /out/ready; while [ ! -e /out/stop ]; do for e in /proc/[0-9]*/exe; do "
            + "p=${e#/proc/}; p=${p%/exe}; [ \"$p\" = 1 ] || [ \"$p\" = $$ ] && continue; "
            + "t=$(readlink $e 2>/dev/null) || t=unreadable; case \"$t\" in *busybox*) continue;; esac; "
            + "if (printf X >> $e) 2>/dev/null; then echo \"wrote $p $t\" >> /out/attempts; "
            + "else echo \"refused $p $t\" >> /out/attempts; fi; done; done";
        bundle.write(s -> sh(attacker));
        String a = id();
        rt.create(a, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        rt.start(a);
        awaitFile(bundle.out.resolve("ready"));
        int aPid = rt.initPid(a).orElseThrow();

        // Container B joins A's pid namespace; until it is started its init is drydock's shim,
        // waiting for "start": the runtime's own code, in plain view of A's processes.
        TestBundle b = TestBundle.create(tmp.resolve("victim"));
        b.write(s -> {
            Spec base = b.baseSpec();
            List<LinuxNamespace> ns = new ArrayList<>();
            for (LinuxNamespace n : base.linux().namespaces()) {
                ns.add(n.type().equals("pid") ? LinuxNamespace.join(NamespaceType.PID, "/proc/" + aPid + "/ns/pid") : n);
            }
            return base.withLinux(base.linux().withNamespaces(ns));
        });
        String victim = id();
        rt.create(victim, CreateRequest.builder().bundle(b.dir).discardStdio().build());
        int shimPid = rt.initPid(victim).orElseThrow();
        Path exe = Path.of("/proc/" + shimPid + "/exe");
        assertThat(Files.readSymbolicLink(exe).toString()).as("what the created container's init runs").startsWith("/memfd:");

        // The shim's pid as A sees it: the last of the NSpid line (proc(5)).
        String nsPid = Files.readAllLines(Path.of("/proc/" + shimPid + "/status")).stream()
            .filter(l -> l.startsWith("NSpid:")).findFirst().orElseThrow().split("\\s+")[2];
        Pattern aboutShim = Pattern.compile("(?m)^(wrote|refused) " + nsPid + " ");
        // Give A's loop time to find it.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && !aboutShim.matcher(readOr(bundle.out.resolve("attempts"))).find()) {
            Thread.sleep(50);
        }
        // Even root on the host, through the same path: the open for writing is refused while the
        // memfd runs (ETXTBSY), and were it not, the seals would refuse every write.
        assertThat(writeOneByte(exe)).as("writing to the running shim through " + exe).startsWith("refused");
        byte[] running = Files.readAllBytes(exe);
        // B first: once A's init ends, its pid namespace takes B's init with it, and A's init
        // waits in the kernel until that one is reaped, which the runtime does on delete.
        rt.delete(victim, true);
        Files.writeString(bundle.out.resolve("stop"), "");
        assertThat(rt.waitForExit(a)).isZero();
        rt.delete(a, true);

        List<String> attempts = readOr(bundle.out.resolve("attempts")).lines().toList();
        assertThat(attempts).as("attempts from inside container A on the shim (pid " + nsPid + " there)")
            .anyMatch(l -> aboutShim.matcher(l).find());
        assertThat(attempts).as("writes to another process's executable from inside").noneMatch(l -> l.startsWith("wrote"));
        assertThat(sha256(running)).as("the shim's code, after the attempts").isEqualTo(packagedBefore);
        assertThat(sha256(packagedShim())).as("the packaged shim on the host").isEqualTo(packagedBefore);
    }

    /** "refused: reason" when opening {@code file} for writing or writing a byte to it fails, else "wrote". */
    private String writeOneByte(Path file) {
        int fd;
        try {
            fd = sys.open(file.toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
        } catch (SyscallException e) {
            return "refused: " + e.getMessage();
        }
        try {
            sys.write(fd, new byte[] {'X'}, 0, 1);
            return "wrote";
        } catch (SyscallException e) {
            return "refused: " + e.getMessage();
        } finally {
            sys.close(fd);
        }
    }

    private static byte[] packagedShim() throws IOException {
        try (InputStream in = ShimBinary.class.getResourceAsStream("drydock-init")) {
            assertThat(in).as("the packaged shim").isNotNull();
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ CVE-2024-21626

    @Test
    void cve2024_21626_cwdThroughAnyRuntimeFd_isRefusedOrStaysInside() throws Exception {
        Map<Integer, String> outcome = new TreeMap<>();
        for (int n = 3; n <= 20; n++) {
            int fdNumber = n;
            Path cwdFile = bundle.out.resolve("cwd");
            Files.deleteIfExists(cwdFile);
            bundle.write(s -> {
                Spec base = sh("readlink /proc/self/cwd > /out/cwd");
                return base.withProcess(base.process().withCwd("/proc/self/fd/" + fdNumber));
            });
            String id = id();
            try {
                int code = rt.run(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
                outcome.put(n, "exit " + code + ": " + readOr(cwdFile));
            } catch (ContainerException e) {
                outcome.put(n, "refused: " + e.getMessage());
            }
        }
        // The kernel shows a directory outside the process's root as "(unreachable)/..."; a cwd
        // inside is a path of the container.
        assertThat(outcome).allSatisfy((n, o) -> assertThat(o).as("fd " + n).doesNotContain("unreachable"));
        assertThat(outcome.values()).as("no cwd outside the rootfs").noneMatch(o -> o.contains(tmp.toString()));
    }

    @Test
    void cve2024_21626_execWithCwdThroughAnyRuntimeFd_isRefusedOrStaysInside() throws Exception {
        bundle.write(s -> sh("sleep 600"));
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        rt.start(id);
        Map<Integer, String> outcome = new TreeMap<>();
        for (int n = 3; n <= 20; n++) {
            Path cwdFile = bundle.out.resolve("cwd");
            Files.deleteIfExists(cwdFile);
            try {
                int code = rt.exec(id, ExecRequest.builder().args(List.of("sh", "-c", "readlink /proc/self/cwd > /out/cwd"))
                    .cwd("/proc/self/fd/" + n).stdio(Stdio.of(0, 1, 2)).build());
                outcome.put(n, "exit " + code + ": " + readOr(cwdFile));
            } catch (ContainerException e) {
                outcome.put(n, "refused: " + e.getMessage());
            }
        }
        rt.delete(id, true);
        assertThat(outcome).allSatisfy((n, o) -> assertThat(o).as("fd " + n).doesNotContain("unreachable"));
    }

    @Test
    void cve2024_21626_atExecve_onlyStdioIsOpen_forTheProcessAndForAnExec() throws Exception {
        bundle.write(s -> sh("ls -l /proc/self/fd > /out/fds-init; sleep 600"));
        String id = id();
        rt.create(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
        rt.start(id);
        awaitFile(bundle.out.resolve("fds-init"));
        int out = sys.open(bundle.out.resolve("fds-exec").toString(),
            Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_CLOEXEC, 0644);
        int code;
        try {
            code = rt.exec(id, ExecRequest.builder().args(List.of("ls", "-l", "/proc/self/fd")).stdio(Stdio.of(0, out, 2)).build());
        } finally {
            sys.close(out);
        }
        rt.delete(id, true);
        assertThat(code).isZero();
        for (String which : List.of("fds-init", "fds-exec")) {
            assertThat(openFds(Files.readString(bundle.out.resolve(which))))
                .as("fds open in the container's " + which.substring(4) + " process beyond stdio").isEmpty();
        }
    }

    /** fd -> target of an {@code ls -l /proc/self/fd} listing, leaving out stdio and ls's own directory fd. */
    private static List<String> openFds(String listing) {
        Pattern entry = Pattern.compile("\\s(\\d+) -> (.*)$");
        List<String> extra = new ArrayList<>();
        for (String line : listing.lines().toList()) {
            Matcher m = entry.matcher(line);
            if (m.find() && Integer.parseInt(m.group(1)) > 2 && !m.group(2).matches("/proc/\\d+/fd")) {
                extra.add(m.group(1) + " -> " + m.group(2));
            }
        }
        return extra;
    }

    // ------------------------------------------------------------------ CVE-2021-30465

    @Test
    void cve2021_30465_mountThroughASymlinkToTheHost_isRefusedOrLandsInsideTheRootfs() throws Exception {
        Path host = hostCanary();
        Map<String, String> before = tree(host);
        Files.createSymbolicLink(bundle.rootfs.resolve("evil"), host);
        Files.createSymbolicLink(bundle.rootfs.resolve("climb"), Path.of("../../../../../../../../.." + host));
        for (String dest : List.of("/evil/x", "/climb/x", "/evil")) {
            bundle.write(s -> {
                Spec base = sh("echo marker > " + dest + "/marker");
                List<Mount> mounts = new ArrayList<>(base.mounts());
                mounts.add(Mount.of(dest, "tmpfs", "tmpfs", List.of("size=1m")));
                return base.withMounts(mounts);
            });
            String id = id();
            try {
                rt.run(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
            } catch (ContainerException refused) {
                assertThat(refused.getMessage()).as(dest).contains("mounts[");
            }
            assertThat(tree(host)).as("the host directory after a mount at " + dest).isEqualTo(before);
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(host.toString());
    }

    @Test
    void cve2021_30465_destinationSwappedForASymlinkDuringCreate_staysInsideTheRootfs() throws Exception {
        Path host = hostCanary();
        Map<String, String> before = tree(host);
        Path dir = bundle.rootfs.resolve("mnt-race");
        Path asDir = bundle.rootfs.resolve("mnt-dir");
        Path asLink = bundle.rootfs.resolve("mnt-link");
        Files.createDirectories(asDir);
        Files.createSymbolicLink(asLink, host);
        bundle.write(s -> {
            Spec base = sh("echo m > /mnt-race/x/marker");
            List<Mount> mounts = new ArrayList<>(base.mounts());
            mounts.add(Mount.of("/mnt-race/x", "tmpfs", "tmpfs", List.of("size=1m")));
            return base.withMounts(mounts);
        });
        // The racer trades /mnt-race between a directory and a symlink to the host directory as
        // fast as renames go, while containers are created and run.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread racer = new Thread(() -> {
            Path[] sources = {asDir, asLink};
            int i = 0;
            while (!stop.get()) {
                Path from = sources[i % 2];
                try {
                    Files.move(from, dir, StandardCopyOption.ATOMIC_MOVE);
                    Thread.onSpinWait();
                    Files.move(dir, from, StandardCopyOption.ATOMIC_MOVE);
                    swaps.incrementAndGet();
                } catch (IOException e) {
                    restore(dir, asDir, asLink);
                }
                i++;
            }
        }, "mount-racer");
        racer.start();
        int ran = 0;
        int refused = 0;
        int refusedByTheShim = 0;
        try {
            for (int i = 0; i < RACE_RUNS; i++) {
                String id = id();
                try {
                    rt.run(id, CreateRequest.builder().bundle(bundle.dir).discardStdio().build());
                    ran++;
                } catch (ContainerException e) {
                    refused++;
                    // Validation refuses a destination it sees through the symlink; past it, the
                    // shim resolves the destination beneath the rootfs and may meet the race.
                    if (e.getMessage().contains("init shim")) {
                        refusedByTheShim++;
                    }
                }
                assertThat(tree(host)).as("the host directory after run " + i).isEqualTo(before);
            }
        } finally {
            stop.set(true);
            racer.join();
        }
        assertThat(swaps.get()).as("swaps made while containers were created").isPositive();
        assertThat(ran + refused).isEqualTo(RACE_RUNS);
        assertThat(ran + refusedByTheShim).as("creates that got past validation to the shim's mounts, of " + RACE_RUNS)
            .isPositive();
        assertThat(tree(host)).isEqualTo(before);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(host.toString());
    }

    /**
     * Puts the racer's directory and symlink back after a failed rename: a create that found
     * /mnt-race missing made it as a directory, which is removed so that the race goes on.
     */
    private static void restore(Path dir, Path asDir, Path asLink) {
        try {
            if (!Files.exists(asDir, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(dir, asDir, StandardCopyOption.ATOMIC_MOVE);
            } else if (!Files.exists(asLink, LinkOption.NOFOLLOW_LINKS) && Files.isSymbolicLink(dir)) {
                Files.move(dir, asLink, StandardCopyOption.ATOMIC_MOVE);
            } else if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            // the next round tries again
        }
    }

    private static final int RACE_RUNS = 20;

    /** A host directory outside the bundle with a file in it, for escapes to land in. */
    private Path hostCanary() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("canary"), "host\n");
        return host;
    }

    /** Every path under {@code dir} with its size and modification time. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                out.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private static String readOr(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file).strip() : "";
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(file).exists();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
