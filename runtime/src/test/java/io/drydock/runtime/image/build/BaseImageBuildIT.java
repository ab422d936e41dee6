package io.drydock.runtime.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.image.BusyboxImageBuilder;
import io.drydock.runtime.image.DebianBenchImageBuilder;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.Snapshot;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FROM busybox} and {@code FROM debian-bench} on an empty image store, with no registry to
 * be had: the builder makes both from the host's catalogue (busybox-static; debootstrap or the
 * shared layer cache under /var/cache/drydock) and never asks the registry, whose every request
 * fails here as an unreachable one does. RUN steps run in real containers on top of them.
 *
 * <p>The debian-bench layer cache is shared by the host; another build (another engineer's IT) may
 * write it at the same time. The builder writes the cache under a temporary name and renames it
 * into place, so either build's file is a good layer and this test needs no lock of its own.
 */
class BaseImageBuildIT {
    @TempDir
    Path tmp;

    private ImageStore store;
    private ContainerRuntime runtime;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final List<ImageReference> registryAsked = Collections.synchronizedList(new ArrayList<>());
    private ImageBuilder builder;
    private Path context;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (overlay mounts, containers)");
        assumeTrue(Files.isExecutable(BusyboxImageBuilder.HOST_BUSYBOX), "needs busybox-static");
        store = new ImageStore(tmp.resolve("store"), LayerUnpacker.forHost(), new SyscallOverlayMounter(new LinuxSyscalls()));
        assertThat(store.list()).as("a fresh store").isEmpty();
        runtime = ContainerRuntime.open(tmp.resolve("state"));
        // The registry a build may not reach: it fails as registry-1.docker.io does on a host without network.
        BaseImagePuller unreachable = ref -> {
            registryAsked.add(ref);
            throw new ConnectException("get manifest https://registry-1.docker.io/v2/" + ref.repository()
                    + "/manifests/" + ref.tag() + ": connection refused");
        };
        builder = new ImageBuilder(store, runtime::run, ImageBuilder.cacheOf(store),
                new PrintStream(log, true, StandardCharsets.UTF_8), null, unreachable);
        context = Files.createDirectories(tmp.resolve("context"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (store == null) {
            return;
        }
        for (Snapshot s : store.snapshots().list()) {
            if (store.snapshots().isMounted(s.key())) {
                store.snapshots().unmount(s.key());
            }
            store.snapshots().remove(s.key());
        }
        runtime.close();
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(tmp.toString());
    }

    @Test
    void fromBusybox_onAnEmptyStore_isMadeHere_andTheRegistryIsNeverAsked() throws Exception {
        Image image = build("FROM busybox\nRUN echo made-here > /greeting\n", "demo:1");

        assertThat(registryAsked).isEmpty();
        assertThat(log.toString()).contains("Making busybox on this host from the host's busybox-static")
                .doesNotContain("Pulling");
        assertThat(image.manifest().layers()).hasSize(2);
        assertThat(store.find(BusyboxImageBuilder.DEFAULT_NAME)).isPresent();
        assertThat(topLayer(image).resolve("greeting")).hasContent("made-here");

        log.reset();
        build("FROM docker.io/library/busybox:latest\nRUN echo again > /again\n", "demo:2");
        assertThat(log.toString()).as("the second build finds busybox in the store").doesNotContain("Making busybox");
        assertThat(registryAsked).isEmpty();
    }

    @Test
    void fromDebianBench_onAnEmptyStore_isMadeHere_andTheRegistryIsNeverAsked() throws Exception {
        boolean cached = Files.isRegularFile(DebianBenchImageBuilder.forHost(line -> { }).cachedLayer());
        assumeTrue(cached || Stream.of("/usr/sbin/debootstrap", "/sbin/debootstrap")
                .anyMatch(p -> Files.isExecutable(Path.of(p))), "needs debootstrap (apt-get install debootstrap)");

        Image image = build("FROM debian-bench\nRUN sysbench --version > /sysbench-version\n", "demo-bench:1");

        assertThat(registryAsked).isEmpty();
        assertThat(log.toString()).contains("Making debian-bench on this host by debootstrap").doesNotContain("Pulling");
        assertThat(image.manifest().layers()).hasSize(2);
        assertThat(Files.readString(topLayer(image).resolve("sysbench-version"))).startsWith("sysbench 1.");
        try (Stream<Path> scratch = Files.list(store.root().resolve("tmp"))) {
            assertThat(scratch).as("the base image build left no scratch tree").isEmpty();
        }
    }

    @Test
    void fromANameOutsideTheCatalogue_stillGoesToTheRegistry() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> build("FROM alpine:3\n", "demo-alpine:1"))
                .isInstanceOf(ContainerfileException.class)
                .hasMessageContaining("Containerfile:1")
                .hasMessageContaining("could not be pulled")
                .hasMessageContaining("connection refused");
        assertThat(registryAsked).containsExactly(ImageReference.parse("alpine:3"));
    }

    private Image build(String containerfile, String tag) throws Exception {
        Files.writeString(context.resolve("Containerfile"), containerfile);
        return builder.build(new BuildRequest(context, context.resolve("Containerfile"),
                List.of(ImageReference.parse(tag)), Map.of(), false)).image();
    }

    /** The unpacked directory of the image's last layer: what its RUN step wrote. */
    private Path topLayer(Image image) throws Exception {
        return store.unpack(image).getLast();
    }
}
