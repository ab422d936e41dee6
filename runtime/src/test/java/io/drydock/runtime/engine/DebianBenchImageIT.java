package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.image.DebianBenchImageBuilder;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.network.Ipv4Subnet;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code debian-bench} image for real, through the engine: debootstrap from the host's mirror
 * the first time on a host (minutes), the shared layer cache under {@code /var/cache/drydock} after
 * that. Uses its own image store and state root under a temporary directory; what stays behind is
 * that cache, which is the point of it.
 */
class DebianBenchImageIT {
    @TempDir
    static Path temp;

    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private static final Syscalls SYS = new LinuxSyscalls();
    private static final List<String> PROGRESS = Collections.synchronizedList(new ArrayList<>());
    private static Engine engine;
    private static Image image;

    record Result(int code, String output) {
    }

    @BeforeAll
    static void build() throws Exception {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")),
                "needs root: debootstrap, overlay mounts, namespaces");
        Path cached = DebianBenchImageBuilder.forHost(line -> { }).cachedLayer();
        boolean wasCached = Files.isRegularFile(cached);
        assumeTrue(wasCached || Stream.of("/usr/sbin/debootstrap", "/sbin/debootstrap")
                .anyMatch(p -> Files.isExecutable(Path.of(p))), "needs debootstrap (apt-get install debootstrap)");
        Path state = temp.resolve("state");
        NetworkConfig net = NetworkConfig.of("drydock-it-" + SUFFIX, "drydock" + SUFFIX,
                Ipv4Subnet.parse("10.89.253.0/24"), state);
        engine = Engine.open(new Engine.Config(temp.resolve("images"), state, net));
        long start = System.nanoTime();
        image = engine.image("debian-bench", line -> {
            PROGRESS.add(line);
            System.out.println(line);
        });
        System.out.printf("debian-bench: built in %d s (%s)%n", Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                wasCached ? "from the layer cache" : "debootstrap, no cache");
    }

    @AfterAll
    static void close() throws Exception {
        if (engine == null) {
            return;
        }
        for (EngineContainer c : engine.list(true)) {
            engine.remove(c.id(), true);
        }
        engine.pruneNetwork();
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(temp.toString());
    }

    @ParameterizedTest(name = "{0} --version")
    @CsvSource({
        "sysbench, sysbench 1.",
        "fio, fio-3.",
        "iperf3, iperf 3.",
        "redis-server, Redis server v=7."
    })
    void benchmarkTool_printsItsVersion_andExitsZero(String tool, String expected) throws Exception {
        Result r = run(tool, "--version");
        assertThat(r.code()).as(tool + " --version exit code, output: " + r.output()).isZero();
        assertThat(r.output()).contains(expected);
    }

    @Test
    void image_isOneLayerWithBash_andTheBuildLeftNoScratchTree() throws Exception {
        assertThat(image.config().cmd()).containsExactly("/bin/bash");
        assertThat(image.config().diffIds()).hasSize(1);
        assertThat(run("cat", "/etc/debian_version").output()).startsWith("12.");
        try (Stream<Path> scratch = Files.list(engine.images().root().resolve("tmp"))) {
            assertThat(scratch).isEmpty();
        }
        assertThat(DebianBenchImageBuilder.forHost(line -> { }).cachedLayer()).isRegularFile();
    }

    @Test
    void freshImageStore_buildsFromTheLayerCache_withoutDebootstrap() throws Exception {
        List<String> progress = new ArrayList<>();
        ImageStore fresh = new ImageStore(temp.resolve("images-fresh"), LayerUnpacker.forHost(),
                new SyscallOverlayMounter(SYS));
        long start = System.nanoTime();
        Image again = DebianBenchImageBuilder.forHost(progress::add).build(fresh, DebianBenchImageBuilder.DEFAULT_NAME);
        System.out.printf("debian-bench: cached build into a fresh store in %d ms%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(again.config().diffIds()).isEqualTo(image.config().diffIds());
        assertThat(progress).anyMatch(line -> line.contains("using the cached layer"))
                .noneMatch(line -> line.contains("debootstrap " + DebianBenchImageBuilder.DEFAULT_SUITE));
    }

    @Test
    void secondReference_isTheStoredImage() throws Exception {
        List<String> progress = new ArrayList<>();
        Image again = engine.image("debian-bench", progress::add);
        assertThat(again.manifestDigest()).isEqualTo(image.manifestDigest());
        assertThat(progress).isEmpty();
    }

    private static Result run(String... command) throws Exception {
        Path out = Files.createTempFile(temp, "out-", ".txt");
        int fd = SYS.open(out.toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
        int devNull = SYS.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        try {
            int code = engine.runForeground(RunOptions.of("debian-bench", List.of(command)).removedOnExit()
                    .networked(NetworkMode.NONE, List.of()), Stdio.of(devNull, fd, fd), null);
            return new Result(code, Files.readString(out));
        } finally {
            SYS.close(fd);
            SYS.close(devNull);
        }
    }
}
