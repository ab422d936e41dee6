package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianBenchImageBuilderTest {

    private static final DebianMirror MIRROR = new DebianMirror("http://deb.debian.org/debian");

    @TempDir
    Path temp;

    @Test
    void debootstrapCommand_benchPackages_isMinbaseWithTheToolsIncluded() {
        assertThat(DebianBenchImageBuilder.debootstrapCommand(Path.of("/usr/sbin/debootstrap"), "bookworm",
                DebianBenchImageBuilder.PACKAGES, Path.of("/var/lib/drydock/tmp/debian-bench-1/rootfs"), MIRROR))
                .containsExactly("/usr/sbin/debootstrap", "--variant=minbase",
                        "--include=sysbench,fio,iperf3,redis-server", "bookworm",
                        "/var/lib/drydock/tmp/debian-bench-1/rootfs", "http://deb.debian.org/debian");
    }

    @Test
    void debootstrapCommand_noPackages_hasNoInclude() {
        assertThat(DebianBenchImageBuilder.debootstrapCommand(Path.of("debootstrap"), "trixie", List.of(),
                Path.of("/t"), MIRROR)).containsExactly("debootstrap", "--variant=minbase", "trixie", "/t",
                MIRROR.uri());
    }

    @Test
    void debootstrapCommand_optionLookingSuiteOrPackage_isRefused() {
        assertThatThrownBy(() -> DebianBenchImageBuilder.debootstrapCommand(Path.of("debootstrap"), "--foreign",
                List.of(), Path.of("/t"), MIRROR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--foreign");
        assertThatThrownBy(() -> DebianBenchImageBuilder.debootstrapCommand(Path.of("debootstrap"), "bookworm",
                List.of("fio", "x y"), Path.of("/t"), MIRROR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x y");
    }

    @Test
    void cacheName_dependsOnSuiteAndPackages_notTheirOrder() {
        String name = DebianBenchImageBuilder.cacheName("bookworm", "amd64", List.of("fio", "sysbench"));
        assertThat(name).matches("bookworm-amd64-minbase-[0-9a-f]{12}");
        assertThat(DebianBenchImageBuilder.cacheName("bookworm", "amd64", List.of("sysbench", "fio"))).isEqualTo(name);
        assertThat(DebianBenchImageBuilder.cacheName("trixie", "amd64", List.of("fio", "sysbench"))).isNotEqualTo(name);
        assertThat(DebianBenchImageBuilder.cacheName("bookworm", "amd64", List.of("fio"))).isNotEqualTo(name);
    }

    @Test
    void findDebootstrap_notInstalled_saysHowToInstallIt() {
        assertThatThrownBy(() -> DebianBenchImageBuilder.findDebootstrap(List.of(temp)))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("apt-get install debootstrap");
    }

    @Test
    void findDebootstrap_executableOnThePath_isFound() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("debootstrap"), "#!/bin/sh\n");
        tool.toFile().setExecutable(true);
        assertThat(DebianBenchImageBuilder.findDebootstrap(List.of(temp.resolve("empty"), bin))).isEqualTo(tool);
    }

    @Test
    void checkMirror_nothingListening_namesTheMirror() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DebianMirror dead = new DebianMirror("http://127.0.0.1:" + port + "/debian");
        assertThatThrownBy(() -> DebianBenchImageBuilder.checkMirror(dead, "bookworm"))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("http://127.0.0.1:" + port + "/debian")
                .hasMessageContaining("unreachable")
                .hasMessageContaining(DebianMirror.ENV);
    }

    @Test
    void checkMirror_fileMirrorWithoutTheSuite_namesTheMissingRelease() throws Exception {
        DebianMirror local = new DebianMirror(temp.toUri().toString());
        assertThatThrownBy(() -> DebianBenchImageBuilder.checkMirror(local, "bookworm"))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("dists/bookworm/Release");
        Files.createDirectories(temp.resolve("dists/bookworm"));
        Files.writeString(temp.resolve("dists/bookworm/Release"), "Suite: stable\n");
        DebianBenchImageBuilder.checkMirror(local, "bookworm");
    }

    @Test
    void build_cachedLayer_makesTheImageWithoutDebootstrap() throws Exception {
        List<String> progress = new ArrayList<>();
        // an unreachable mirror proves that nothing is downloaded
        DebianBenchImageBuilder builder = new DebianBenchImageBuilder(new DebianMirror("http://127.0.0.1:9/debian"),
                "bookworm", temp.resolve("cache"), progress::add);
        byte[] layer = new LayerTar().file("etc/debian_version", "12.11\n").tar();
        Files.createDirectories(builder.cachedLayer().getParent());
        Files.write(builder.cachedLayer(), layer);

        Image image = builder.build(TestImages.store(temp.resolve("store")), DebianBenchImageBuilder.DEFAULT_NAME);

        assertThat(image.config().diffIds()).containsExactly(Digest.of(layer));
        assertThat(image.config().cmd()).containsExactly("/bin/bash");
        assertThat(image.config().env()).containsExactly(BusyboxImageBuilder.PATH);
        assertThat(image.config().platform().os()).isEqualTo("linux");
        assertThat(progress).anyMatch(line -> line.contains("using the cached layer"));
    }

    @Test
    void defaultName_isDockerHubStyle() {
        assertThat(DebianBenchImageBuilder.DEFAULT_NAME.toString()).isEqualTo("docker.io/library/debian-bench:latest");
        assertThat(BaseImages.forHost().isBaseImage(ImageReference.parse("debian-bench"))).isTrue();
        assertThat(BaseImages.forHost().isBaseImage(ImageReference.parse("debian"))).isFalse();
    }

    @Test
    void build_debootstrapFails_showsTheLogTailAndPath_keepsTheLog_removesTheTree() throws Exception {
        Path mirrorDir = Files.createDirectories(temp.resolve("mirror/dists/bookworm"));
        Files.writeString(mirrorDir.resolve("Release"), "Suite: stable\n");
        // stands in for debootstrap: a few stages, a file in the target, then the error it gives for a bad mirror
        Path fake = Files.writeString(temp.resolve("debootstrap"), """
                #!/bin/sh
                eval "target=\\${$(($# - 1))}" # the second-to-last argument: the target directory
                mkdir -p "$target/debootstrap" && echo 'wget: server returned error 404' > "$target/debootstrap/debootstrap.log"
                echo 'I: Retrieving InRelease'
                echo 'I: Validating InRelease'
                echo 'E: Failed getting release file file:///mirror/dists/bookworm/Release'
                exit 1
                """);
        fake.toFile().setExecutable(true);
        List<String> progress = new ArrayList<>();
        DebianBenchImageBuilder builder = new DebianBenchImageBuilder(
                new DebianMirror(temp.resolve("mirror").toUri().toString()), "bookworm", temp.resolve("cache"),
                progress::add, fake);
        ImageStore store = TestImages.store(temp.resolve("store"));
        Path log = temp.resolve("cache").resolve(builder.cachedLayer().getFileName().toString().replace(".tar", ".log"));

        assertThatThrownBy(() -> builder.build(store, DebianBenchImageBuilder.DEFAULT_NAME))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("could not download from the mirror " + temp.resolve("mirror").toUri().toString().replaceAll("/$", ""))
                .hasMessageContaining(log.toString())
                .hasMessageContaining("E: Failed getting release file")
                .hasMessageContaining("wget: server returned error 404");

        assertThat(progress).contains("debian-bench: Retrieving InRelease",
                "debian-bench: E: Failed getting release file file:///mirror/dists/bookworm/Release");
        assertThat(log).content().contains("I: Validating InRelease");
        assertThat(builder.cachedLayer()).doesNotExist();
        try (java.util.stream.Stream<Path> scratch = Files.list(store.root().resolve("tmp"))) {
            assertThat(scratch).isEmpty();
        }
    }
}
