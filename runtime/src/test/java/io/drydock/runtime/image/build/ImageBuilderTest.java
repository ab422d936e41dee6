package io.drydock.runtime.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.image.BaseImages;
import io.drydock.runtime.image.Descriptor;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageConfig;
import io.drydock.runtime.image.ImageException;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.MediaTypes;
import io.drydock.runtime.image.OverlayMount;
import io.drydock.runtime.image.OverlayMounter;
import io.drydock.runtime.image.Platform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config-only builds: no mounts, no containers (those are in ImageBuilderIT). */
class ImageBuilderTest {
    @TempDir
    Path tmp;

    private ImageStore store;
    private ImageBuilder builder;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private static final OverlayMounter NO_MOUNTS = new OverlayMounter() {
        @Override
        public void mount(OverlayMount mount) {
            throw new IllegalStateException("a config-only build mounts nothing");
        }

        @Override
        public void unmount(Path target) {
            throw new IllegalStateException("a config-only build mounts nothing");
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        store = new ImageStore(tmp.resolve("store"), LayerUnpacker.forHost(), NO_MOUNTS);
        builder = new ImageBuilder(store, (id, request) -> {
            throw new IllegalStateException("a config-only build runs no container");
        }, ImageBuilder.cacheOf(store), new PrintStream(log, true, StandardCharsets.UTF_8), null);
    }

    private BuildResult build(String text, Map<String, String> args) throws Exception {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Containerfile"), text);
        log.reset();
        return builder.build(new BuildRequest(context, context.resolve("Containerfile"),
                List.of(ImageReference.parse("test/out:1")), args, false));
    }

    @Test
    void build_configInstructions_landInTheImageConfig() throws Exception {
        ImageConfig c = build("""
                ARG PORT=80
                FROM scratch
                ARG PORT
                ARG NAME=app
                ENV HOME=/home/$NAME DIR=${HOME}/data
                WORKDIR /srv
                WORKDIR sub
                USER 1000:1000
                EXPOSE $PORT 53/udp
                LABEL name=$NAME "description"="a b"
                ENTRYPOINT ["/app"]
                CMD ["--flag"]
                """, Map.of("PORT", "8080")).image().config();

        assertThat(c.env()).contains("HOME=/home/app", "DIR=/home/app/data").noneMatch(e -> e.startsWith("NAME="));
        assertThat(c.workingDir()).isEqualTo("/srv/sub");
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.exposedPorts()).isEqualTo(Set.of("8080/tcp", "53/udp"));
        assertThat(c.labels()).isEqualTo(Map.of("name", "app", "description", "a b"));
        assertThat(c.entrypoint()).containsExactly("/app");
        assertThat(c.cmd()).containsExactly("--flag");
        assertThat(c.diffIds()).isEmpty();
        assertThat(c.history()).hasSize(10).allMatch(h -> h.emptyLayer());
        assertThat(log.toString()).contains("STEP 1/12: ARG PORT=80", "STEP 12/12: CMD [\"--flag\"]");
    }

    @Test
    void build_twice_isCachedStepByStepAndGivesTheSameDigest() throws Exception {
        String text = "FROM scratch\nENV A=1\nCMD [\"x\"]\n";
        BuildResult first = build(text, Map.of());
        BuildResult second = build(text, Map.of());
        assertThat(first.cachedSteps()).isZero();
        assertThat(second.cachedSteps()).isEqualTo(2);
        assertThat(log.toString()).contains("--> Using cache");
        assertThat(second.image().manifestDigest()).isEqualTo(first.image().manifestDigest());

        BuildResult changedArg = build("FROM scratch\nARG V\nENV A=$V\n", Map.of("V", "1"));
        BuildResult otherArg = build("FROM scratch\nARG V\nENV A=$V\n", Map.of("V", "2"));
        assertThat(otherArg.cachedSteps()).isZero();
        assertThat(otherArg.image().config().env()).contains("A=2");
        assertThat(changedArg.image().config().env()).contains("A=1");
    }

    @Test
    void build_onABaseImage_inheritsItsConfigAndLayers_andANewEntrypointDropsTheInheritedCmd() throws Exception {
        Descriptor layer = store.blobs().write(MediaTypes.OCI_LAYER_TAR, new byte[1024]);
        ImageConfig baseConfig = new ImageConfig(Platform.host(), null, List.of("PATH=/bin", "X=1"), List.of(),
                List.of("sh"), "/base", "daemon", Set.of("22/tcp"), Map.of("base", "yes"), null,
                List.of(layer.digest()), List.of());
        store.commit(baseConfig, List.of(layer), List.of(ImageReference.parse("test/base:1")));

        Image image = build("FROM test/base:1\nENV Y=$X-2\nENTRYPOINT [\"/entry\"]\n", Map.of()).image();

        assertThat(image.manifest().layers()).containsExactly(layer);
        assertThat(image.config().env()).containsExactly("PATH=/bin", "X=1", "Y=1-2");
        assertThat(image.config().workingDir()).isEqualTo("/base");
        assertThat(image.config().user()).isEqualTo("daemon");
        assertThat(image.config().labels()).containsEntry("base", "yes");
        assertThat(image.config().entrypoint()).containsExactly("/entry");
        assertThat(image.config().cmd()).isEmpty();
    }

    @Test
    void build_missingBaseImage_namesTheLine() {
        assertThatThrownBy(() -> build("# base\nFROM nowhere/none:1\n", Map.of()))
                .isInstanceOf(ContainerfileException.class)
                .hasMessageContaining("Containerfile:2")
                .hasMessageContaining("nowhere/none:1");
    }

    @Test
    void build_missingBaseImage_isPulledWhenAPullerIsGiven() throws Exception {
        java.util.List<ImageReference> asked = new java.util.ArrayList<>();
        builder = new ImageBuilder(store, (id, request) -> {
            throw new IllegalStateException("no container");
        }, ImageBuilder.cacheOf(store), new PrintStream(log, true, StandardCharsets.UTF_8), null, ref -> {
            asked.add(ref);
            return store.commit(ImageConfig.minimal(Platform.host(), List.of()), List.of(), List.of(ref));
        });

        Image image = build("FROM registry.example/team/base:2\nENV A=1\n", Map.of()).image();

        assertThat(asked).containsExactly(ImageReference.parse("registry.example/team/base:2"));
        assertThat(log.toString()).contains("Pulling registry.example/team/base:2");
        assertThat(image.config().env()).contains("A=1");
    }

    @Test
    @DisplayName("FROM a catalogue image the store lacks: made on this host, the registry never asked")
    void build_fromACatalogueImageNotInTheStore_makesIt_andNeverAsksThePuller() throws Exception {
        List<ImageReference> asked = new ArrayList<>();
        List<ImageReference> made = new ArrayList<>();
        BaseImages catalogue = new BaseImages(List.of(new BaseImages.Entry(ImageReference.parse("busybox"),
                "from a test", (s, name, progress) -> {
                    made.add(name);
                    progress.accept("busybox: one stage");
                    return s.commit(ImageConfig.minimal(Platform.host(), List.of()), List.of(), List.of(name));
                })));
        builder = builderWith(catalogue, asked);

        Image image = build("FROM busybox\nENV A=1\n", Map.of()).image();
        Image again = build("FROM docker.io/library/busybox:latest\nENV A=2\n", Map.of()).image();

        assertThat(asked).isEmpty();
        assertThat(made).containsExactly(ImageReference.parse("busybox"));
        assertThat(image.config().env()).contains("A=1");
        assertThat(again.config().env()).contains("A=2");
        assertThat(log.toString()).as("the second build's log: busybox is in the store by then")
                .doesNotContain("Pulling").doesNotContain("Making busybox");
    }

    @Test
    void build_fromACatalogueImage_logsThatItIsMadeHere() throws Exception {
        BaseImages catalogue = new BaseImages(List.of(new BaseImages.Entry(ImageReference.parse("busybox"),
                "from a test", (s, name, progress) -> {
                    progress.accept("busybox: one stage");
                    return s.commit(ImageConfig.minimal(Platform.host(), List.of()), List.of(), List.of(name));
                })));
        builder = builderWith(catalogue, new ArrayList<>());
        build("FROM busybox\n", Map.of());
        assertThat(log.toString()).contains("Making busybox on this host from a test\nbusybox: one stage\n");
    }

    @Test
    @DisplayName("a catalogue image that cannot be made fails the build saying so, never with a registry error")
    void build_fromACatalogueImageThatCannotBeMade_namesTheLineAndWhy_andNeverAsksThePuller() {
        List<ImageReference> asked = new ArrayList<>();
        BaseImages broken = new BaseImages(List.of(new BaseImages.Entry(ImageReference.parse("busybox"),
                "from the host's busybox-static (/bin/busybox)", (s, name, progress) -> {
                    throw new ImageException("build busybox image", "/bin/busybox", "no such file (install busybox-static)");
                })));
        builder = builderWith(broken, asked);

        assertThatThrownBy(() -> build("\nFROM busybox\n", Map.of()))
                .isInstanceOf(ContainerfileException.class)
                .hasMessageContaining("Containerfile:2")
                .hasMessageContaining("base image 'busybox' is not in the store and could not be made on this host:"
                        + " build busybox image /bin/busybox: no such file (install busybox-static)")
                .hasMessageNotContaining("pulled");
        assertThat(asked).isEmpty();
    }

    /** A builder with {@code catalogue} whose puller records what it is asked and fails as an unreachable registry. */
    private ImageBuilder builderWith(BaseImages catalogue, List<ImageReference> asked) {
        return new ImageBuilder(store, (id, request) -> {
            throw new IllegalStateException("no container");
        }, cacheOf(), new PrintStream(log, true, StandardCharsets.UTF_8), null, catalogue, ref -> {
            asked.add(ref);
            throw new java.net.ConnectException("registry-1.docker.io: connection refused");
        });
    }

    private BuildCache cacheOf() {
        try {
            return ImageBuilder.cacheOf(store);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void build_copyOfAMissingSource_namesTheLine() {
        assertThatThrownBy(() -> build("FROM scratch\nCOPY missing.txt /\n", Map.of()))
                .isInstanceOf(ContainerfileException.class)
                .hasMessageContaining("Containerfile:2")
                .hasMessageContaining("missing.txt");
        assertThatThrownBy(() -> build("FROM scratch\nCOPY ../outside /\n", Map.of()))
                .hasMessageContaining("outside the build context");
    }
}
