package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.image.Descriptor;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageConfig;
import io.drydock.runtime.image.ImageInUseException;
import io.drydock.runtime.image.ImageNotFoundException;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.MediaTypes;
import io.drydock.runtime.image.Snapshot;
import io.drydock.runtime.network.Ipv4Subnet;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.PortMapping;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on the real kernel: busybox containers on overlayfs, the runtime, CNI bridge and
 * portmap. Each run uses its own image store, state root, network name, bridge and subnet, and
 * removes its containers, network and mounts at the end.
 */
class EngineIT {
    @TempDir
    static Path temp;

    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private static final Syscalls SYS = new LinuxSyscalls();
    private static Engine engine;
    private static String ipForwardBefore;

    /** What a foreground run or exec printed, and its exit code. */
    record Result(int code, String output) {
    }

    @BeforeAll
    static void open() throws Exception {
        assumeTrue("0".equals(sh("id -u").strip()), "needs root: mounts overlays, creates namespaces, bridges, iptables rules");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static for the busybox image");
        ipForwardBefore = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        Path state = temp.resolve("state");
        NetworkConfig net = NetworkConfig.of("drydock-it-" + SUFFIX, "drydock" + SUFFIX, freeSubnet(), state);
        engine = Engine.open(new Engine.Config(temp.resolve("images"), state, net));
    }

    @AfterAll
    static void close() throws Exception {
        if (engine == null) {
            return;
        }
        List<Exception> failures = new ArrayList<>();
        for (EngineContainer c : engine.list(true)) {
            try {
                engine.remove(c.id(), true);
            } catch (Exception e) {
                failures.add(e);
            }
        }
        engine.pruneNetwork();
        Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), ipForwardBefore);
        assertThat(failures).isEmpty();
        assertThat(sh("ip -o link show " + engine.config().network().bridge() + " 2>/dev/null || true")).isBlank();
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(temp.toString());
    }

    @Test
    void runForeground_echo_printsHiAndPassesTheExitCodeThrough() throws Exception {
        Result hi = run(RunOptions.of("busybox", List.of("echo", "hi")).removedOnExit());
        assertThat(hi).isEqualTo(new Result(0, "hi\n"));
        Result seven = run(RunOptions.of("busybox", List.of("sh", "-c", "exit 7")).removedOnExit());
        assertThat(seven.code()).isEqualTo(7);
        assertThat(engine.images().snapshots().list()).isEmpty();
        assertThat(engine.list(true)).isEmpty();
    }

    @Test
    void copyOnWrite_changesStayInTheirContainer_andCommitMakesThemAnImage() throws Exception {
        String name = "cow-" + SUFFIX;
        Result writer = run(RunOptions.of("busybox", List.of("sh", "-c", "echo new > /newfile && rm /etc/group"))
                .named(name));
        assertThat(writer.code()).isZero();
        EngineContainer c = engine.container(name);
        assertThat(c.state()).isEqualTo(EngineContainer.EXITED);
        assertThat(c.exitCode()).isZero();

        // Another container of the image sees neither the new file nor the deletion.
        Result other = run(RunOptions.of("busybox", List.of("sh", "-c", "cat /etc/group; test -e /newfile"))
                .removedOnExit());
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.output()).contains("root:x:0:");

        // The upper directory holds only the change: the file and the whiteout (in its copied-up
        // /etc). The etc files the engine binds are the image's own: no copy-up for them.
        Snapshot snap = engine.images().snapshots().get(c.id());
        List<String> upper;
        try (Stream<Path> walk = Files.walk(snap.upper())) {
            upper = walk.filter(p -> !p.equals(snap.upper())).map(p -> snap.upper().relativize(p).toString()).sorted().toList();
        }
        assertThat(upper).containsExactly("etc", "etc/group", "newfile");
        assertThat(Files.readString(snap.upper().resolve("newfile"))).isEqualTo("new\n");
        assertThat(Files.getAttribute(snap.upper().resolve("etc/group"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
                .as("whiteout: a 0/0 character device").isEqualTo(0L);

        Image committed = engine.commit(name, "drydock-it-committed:" + SUFFIX);
        assertThat(committed.config().diffIds()).hasSize(2);
        Result fromCommit = run(RunOptions.of("drydock-it-committed:" + SUFFIX,
                List.of("sh", "-c", "cat /newfile; test -e /etc/group")).removedOnExit());
        assertThat(fromCommit).isEqualTo(new Result(1, "new\n"));

        // The committed image is in use by nothing now; the base image is in use by the exited container.
        assertThatThrownBy(() -> engine.removeImage("busybox", false)).isInstanceOf(ImageInUseException.class);
        engine.removeImage("drydock-it-committed:" + SUFFIX, false);
        engine.remove(name, false);
        assertThat(engine.images().snapshots().find(c.id())).isEmpty();
    }

    @Test
    void imageWithoutEtcMountPoints_runs_theRuntimeMakesThemInTheUpperDirectory() throws Exception {
        // Stores made before the busybox image shipped /etc/hosts, hostname and resolv.conf keep
        // that older image: the same layer without the three files.
        Image busybox = engine.image("busybox");
        Descriptor layer = busybox.manifest().layers().get(0);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveInputStream in = new TarArchiveInputStream(engine.images().blobs().open(layer.digest()));
             TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!List.of("etc/hosts", "etc/hostname", "etc/resolv.conf").contains(e.getName())) {
                    out.putArchiveEntry(e);
                    in.transferTo(out);
                    out.closeArchiveEntry();
                }
            }
        }
        Descriptor older = engine.images().blobs().write(MediaTypes.OCI_LAYER_TAR, tar.toByteArray());
        ImageConfig c = busybox.config();
        String ref = "drydock-it-older-busybox:" + SUFFIX;
        engine.images().commit(new ImageConfig(c.platform(), c.created(), c.env(), c.entrypoint(), c.cmd(),
                c.workingDir(), c.user(), c.exposedPorts(), c.labels(), c.stopSignal(), List.of(older.digest()),
                c.history()), List.of(older), List.of(ImageReference.parse(ref)));
        String name = "older-" + SUFFIX;

        Result result = run(RunOptions.of(ref, List.of("sh", "-c",
                "test -f /etc/hosts && test -f /etc/resolv.conf && cat /etc/hostname")).named(name));

        assertThat(result.code()).isZero();
        EngineContainer container = engine.container(name);
        assertThat(result.output().strip()).isEqualTo(container.shortId());
        Path upper = engine.images().snapshots().get(container.id()).upper();
        try (Stream<Path> etc = Files.list(upper.resolve("etc"))) {
            assertThat(etc.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("hosts", "hostname", "resolv.conf");
        }
        engine.remove(name, false);
        engine.removeImage(ref, false);
    }

    @Test
    void twoContainersOfOneImage_shareTheLowerInodes() throws Exception {
        EngineContainer a = engine.runDetached(RunOptions.of("busybox", List.of("sleep", "60"))
                .networked(NetworkMode.NONE, List.of()));
        EngineContainer b = engine.runDetached(RunOptions.of("busybox", List.of("sleep", "60"))
                .networked(NetworkMode.NONE, List.of()));
        try {
            Path fa = engine.images().snapshots().get(a.id()).rootfs().resolve("bin/busybox");
            Path fb = engine.images().snapshots().get(b.id()).rootfs().resolve("bin/busybox");
            Object inodeA = Files.getAttribute(fa, "unix:ino");
            assertThat(Files.getAttribute(fb, "unix:ino")).isEqualTo(inodeA);
            assertThat(exec(a.name(), "stat", "-c", "%i", "/bin/busybox").output().strip())
                    .isEqualTo(exec(b.name(), "stat", "-c", "%i", "/bin/busybox").output().strip());
            assertThat(engine.list(false)).extracting(EngineContainer::id).contains(a.id(), b.id());
        } finally {
            engine.remove(a.id(), true);
            engine.remove(b.shortId(), true);
        }
        assertThat(engine.list(true)).extracting(EngineContainer::id).doesNotContain(a.id(), b.id());
    }

    @Test
    void publishedPort_answersOnLoopback_andRmLeavesNoRuleLinkOrMount() throws Exception {
        int port = freePort();
        EngineContainer web = engine.runDetached(RunOptions.of("busybox", List.of("sh", "-c",
                        "mkdir /www && echo hello > /www/index.html && exec httpd -f -p 80 -h /www"))
                .networked(NetworkMode.BRIDGE, List.of(PortMapping.parse("127.0.0.1:" + port + ":80"))));
        assertThat(engine.ports(web.name())).containsExactly(PortMapping.parse("127.0.0.1:" + port + ":80"));
        assertThat(httpGet(port)).contains("hello");

        // A second container on the same host port is refused before anything is made.
        int before = engine.images().snapshots().list().size();
        assertThatThrownBy(() -> engine.runDetached(RunOptions.of("busybox", List.of("true"))
                .networked(NetworkMode.BRIDGE, List.of(PortMapping.parse("127.0.0.1:" + port + ":80")))))
                .isInstanceOf(EngineException.class).hasMessageContaining(String.valueOf(port));
        assertThat(engine.images().snapshots().list()).hasSize(before);

        engine.stop(web.name(), Duration.ofSeconds(1));
        assertThat(engine.container(web.name()).state()).isEqualTo(EngineContainer.EXITED);
        engine.remove(web.name(), false);
        assertThatThrownBy(() -> httpGet(port)).isInstanceOf(ConnectException.class);
        assertThat(sh("iptables-save")).doesNotContain(web.id());
        assertThat(sh("ip -o link show master " + engine.config().network().bridge() + " 2>/dev/null || true")).isBlank();
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(web.id());
        assertThat(engine.network().attachments()).isEmpty();
    }

    @Test
    void takenHostPort_isRefusedBeforeTheContainerExists() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RunOptions o = RunOptions.of("busybox", List.of("true"))
                    .networked(NetworkMode.BRIDGE, List.of(PortMapping.parse("127.0.0.1:" + taken.getLocalPort() + ":80")));
            int snapshots = engine.images().snapshots().list().size();
            assertThatThrownBy(() -> engine.runDetached(o)).isInstanceOf(EngineException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThat(engine.images().snapshots().list()).hasSize(snapshots);
        }
    }

    @Test
    void networkModes_hostSharesTheHostNamespace_noneHasOnlyLoopback() throws Exception {
        String hostNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        Result host = run(RunOptions.of("busybox", List.of("readlink", "/proc/self/ns/net"))
                .networked(NetworkMode.HOST, List.of()).removedOnExit());
        assertThat(host.output().strip()).isEqualTo(hostNs);
        Result none = run(RunOptions.of("busybox", List.of("sh", "-c", "readlink /proc/self/ns/net; ip -o link"))
                .networked(NetworkMode.NONE, List.of()).removedOnExit());
        List<String> lines = none.output().lines().toList();
        assertThat(lines.get(0)).isNotEqualTo(hostNs);
        assertThat(lines.subList(1, lines.size())).hasSize(1).allMatch(l -> l.startsWith("1: lo:") && l.contains("UP"));
    }

    @Test
    void networkPrune_afterTheContainerDiedBehindDrydocksBack_removesItsAttachment() throws Exception {
        EngineContainer c = engine.runDetached(RunOptions.of("busybox", List.of("sleep", "60"))
                .networked(NetworkMode.BRIDGE, List.of(PortMapping.parse("127.0.0.1:" + freePort() + ":80"))));
        assertThat(engine.network().attachment(c.id())).isPresent();
        // As if drydock had been killed: the process dies and nobody detaches it.
        int pid = engine.initPid(c.id()).orElseThrow();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        for (int i = 0; i < 250 && engine.isRunning(c.id()); i++) {
            Thread.sleep(20);
        }
        assertThat(engine.isRunning(c.id())).isFalse();
        assertThat(engine.pruneNetwork().detached()).contains(c.id());
        assertThat(engine.network().attachment(c.id())).isEmpty();
        assertThat(sh("iptables-save")).doesNotContain(c.id());
        engine.remove(c.id(), true);
    }

    @Test
    void detachedContainer_onDiskOnlyItsRecordLogAndSnapshot_bundleAndMountPointOnTheStateRootWhileItExists()
            throws Exception {
        EngineContainer c = engine.runDetached(RunOptions.of("busybox", List.of("sh", "-c", "echo out; exec sleep 60"))
                .networked(NetworkMode.NONE, List.of()).named("layout-" + SUFFIX));
        ContainerStorage s = engine.storage(c.name());
        Path state = engine.config().stateRoot();
        Path catalog = engine.config().imageRoot().resolve("containers");
        assertThat(s.record()).isEqualTo(catalog.resolve(c.id() + ".json"));
        assertThat(s.log()).isEqualTo(catalog.resolve(c.id() + ".log"));
        try (Stream<Path> entries = Files.list(catalog)) {
            assertThat(entries.filter(p -> p.getFileName().toString().startsWith(c.id())))
                    .containsExactlyInAnyOrder(s.record(), s.log());
        }
        Path snapshots = engine.config().imageRoot().resolve("snapshots");
        assertThat(s.snapshot()).containsExactlyInAnyOrder(snapshots.resolve(c.id() + ".json"),
                snapshots.resolve(c.id() + ".upper"), snapshots.resolve(c.id() + ".work"));
        try (Stream<Path> entries = Files.list(snapshots)) {
            assertThat(entries.filter(p -> p.getFileName().toString().startsWith(c.id()))).hasSameElementsAs(s.snapshot());
        }
        Path bundle = engine.bundleDir(c.id());
        assertThat(bundle).startsWith(state);
        try (Stream<Path> entries = Files.list(bundle)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.json", "hosts", "hostname", "resolv.conf");
        }
        Path rootfs = engine.images().snapshots().get(c.id()).rootfs();
        assertThat(rootfs).startsWith(state);
        assertThat(s.runState()).contains(bundle, rootfs);
        assertThat(engine.images().snapshots().isMounted(c.id())).isTrue();
        assertThat(exec(c.name(), "cat", "/etc/hostname").output().strip()).isEqualTo(c.shortId());
        assertThat(engine.images().snapshots().get(c.id()).upper())
                .as("nothing copied up: the etc files are bound onto the image's own").isEmptyDirectory();
        for (int i = 0; i < 250 && !Files.readString(s.log()).contains("out"); i++) {
            Thread.sleep(20);
        }
        assertThat(engine.logFile(c.name())).hasContent("out");

        // Exited: what it needed only while it existed is gone; ps -a, logs and commit still work.
        engine.stop(c.name(), Duration.ofSeconds(1));
        assertThat(engine.list(true)).filteredOn(e -> e.id().equals(c.id())).singleElement()
                .extracting(EngineContainer::state).isEqualTo(EngineContainer.EXITED);
        assertThat(bundle).doesNotExist();
        assertThat(rootfs).doesNotExist();
        assertThat(engine.logFile(c.name())).hasContent("out");
        Image committed = engine.commit(c.name(), null);
        assertThat(committed.config().diffIds()).hasSize(2);
        engine.removeImage(committed.manifestDigest().toString(), false);

        engine.remove(c.name(), false);
        assertThat(s.record()).doesNotExist();
        assertThat(s.log()).doesNotExist();
        assertThat(s.snapshot()).allSatisfy(p -> assertThat(p).doesNotExist());
    }

    @Test
    void badInput_failsWithOneClearErrorAndLeavesNothing() throws Exception {
        int containers = engine.list(true).size();
        assertThatThrownBy(() -> run(RunOptions.of("drydock-it-no-such-image-" + SUFFIX, List.of("true"))))
                .isInstanceOf(ImageNotFoundException.class).hasMessageContaining("drydock-it-no-such-image");
        assertThatThrownBy(() -> engine.remove("drydock-it-nobody-" + SUFFIX, true))
                .isInstanceOf(NoSuchContainerException.class).hasMessageContaining("drydock-it-nobody");
        assertThatThrownBy(() -> run(RunOptions.of("busybox", List.of()).networked(NetworkMode.NONE, List.of())
                .named("bad-user-" + SUFFIX).withUser("ghost")))
                .isInstanceOf(EngineException.class).hasMessageContaining("ghost");
        assertThat(engine.list(true)).hasSize(containers);
    }

    // ------------------------------------------------------------------ helpers

    private static Result run(RunOptions options) throws Exception {
        Path out = Files.createTempFile(temp, "out-", ".txt");
        int fd = SYS.open(out.toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
        int devNull = SYS.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        try {
            int code = engine.runForeground(options, Stdio.of(devNull, fd, fd), null);
            return new Result(code, Files.readString(out));
        } finally {
            SYS.close(fd);
            SYS.close(devNull);
        }
    }

    private static Result exec(String container, String... command) throws Exception {
        Path out = Files.createTempFile(temp, "exec-", ".txt");
        int fd = SYS.open(out.toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
        int devNull = SYS.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        try {
            int code = engine.exec(container, List.of(command), Stdio.of(devNull, fd, fd));
            return new Result(code, Files.readString(out));
        } finally {
            SYS.close(fd);
            SYS.close(devNull);
        }
    }

    /** GET / from 127.0.0.1:port, retrying for a few seconds while the server starts. */
    private static String httpGet(int port) throws Exception {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = s.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (ConnectException e) {
                last = e;
                if (attempt >= 49 || !anyRunning()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private static boolean anyRunning() throws Exception {
        return !engine.list(false).isEmpty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Ipv4Subnet freeSubnet() throws IOException {
        String used = sh("ip -o addr; ip -o route");
        for (int attempt = 0; attempt < 100; attempt++) {
            int third = 100 + ThreadLocalRandom.current().nextInt(150);
            if (!used.contains("10.89." + third + ".")) {
                return Ipv4Subnet.parse("10.89." + third + ".0/24");
            }
        }
        throw new IllegalStateException("no free 10.89.x.0/24 on this host");
    }

    private static String sh(String command) throws IOException {
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
