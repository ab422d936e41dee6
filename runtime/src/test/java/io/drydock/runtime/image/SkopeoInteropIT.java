package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drydock.runtime.image.wire.ImageConfigJson;
import io.drydock.runtime.image.wire.ImageJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What drydock writes, skopeo (containers/image) reads, and the other way round. */
class SkopeoInteropIT {
    private static final Path SKOPEO = Path.of("/usr/bin/skopeo");

    @TempDir
    Path dir;
    ImageStore store;
    Image busybox;

    @BeforeEach
    void build() throws Exception {
        assumeThat(SKOPEO).as("skopeo is installed (scripts/setup)").isRegularFile();
        assumeThat(BusyboxImageBuilder.HOST_BUSYBOX).as("busybox-static provides /bin/busybox").isRegularFile();
        store = new ImageStore(dir.resolve("store"), LayerUnpacker.forHost(), new RecordingOverlayMounter());
        busybox = new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX).build(store, BusyboxImageBuilder.DEFAULT_NAME);
    }

    private static ImageConfigJson config(String skopeoOutput) throws Exception {
        return ImageJson.read(skopeoOutput.getBytes(StandardCharsets.UTF_8), ImageConfigJson.class, "skopeo output");
    }

    @Test
    void skopeo_readsASavedOciLayoutByRefName() throws Exception {
        Path layout = dir.resolve("layout");
        new OciArchive(store).saveLayout(List.of("busybox"), layout);

        String out = CommandOverlayMounter.run(List.of(SKOPEO.toString(), "inspect", "--config",
                "oci:" + layout + ":docker.io/library/busybox:latest"));

        ImageConfigJson config = config(out);
        assertThat(config.config().cmd()).containsExactly("sh");
        assertThat(config.rootfs().diffIds()).containsExactly(busybox.config().diffIds().get(0).toString());
        String raw = CommandOverlayMounter.run(List.of(SKOPEO.toString(), "inspect", "--raw", "oci:" + layout));
        assertThat(Digest.of(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(busybox.manifestDigest());
    }

    @Test
    void skopeo_readsASavedOciArchive() throws Exception {
        Path archive = dir.resolve("busybox.oci.tar");
        new OciArchive(store).save(List.of("busybox"), archive);

        String out = CommandOverlayMounter.run(List.of(SKOPEO.toString(), "inspect", "--config", "oci-archive:" + archive));

        assertThat(config(out).config().env()).containsExactly(BusyboxImageBuilder.PATH);
    }

    @Test
    void skopeo_readsTheStoreItself() throws Exception {
        String out = CommandOverlayMounter.run(List.of(SKOPEO.toString(), "inspect", "--config",
                "oci:" + store.blobs().root() + ":docker.io/library/busybox:latest"));
        assertThat(config(out).config().cmd()).containsExactly("sh");
    }

    @Test
    void dockerArchiveWrittenBySkopeo_loadsWithTheSameConfigAndLayers() throws Exception {
        Path layout = dir.resolve("layout");
        new OciArchive(store).saveLayout(List.of("busybox"), layout);
        Path archive = dir.resolve("busybox.docker.tar");
        CommandOverlayMounter.run(List.of(SKOPEO.toString(), "--insecure-policy", "copy",
                "oci:" + layout + ":docker.io/library/busybox:latest",
                "docker-archive:" + archive + ":localhost/skopeo/busybox:copied"));

        ImageStore other = new ImageStore(dir.resolve("other"), LayerUnpacker.forHost(), new RecordingOverlayMounter());
        Image loaded = new DockerArchive(other).load(archive).get(0);

        assertThat(loaded.names()).containsExactly(ImageReference.parse("localhost/skopeo/busybox:copied"));
        assertThat(loaded.config().diffIds()).isEqualTo(busybox.config().diffIds());
        assertThat(loaded.config().cmd()).containsExactly("sh");
        assertThat(other.unpack(loaded).get(0).resolve("bin/busybox")).isRegularFile();
    }

    @Test
    void dockerArchiveSavedByDrydock_isReadBySkopeo() throws Exception {
        Path archive = dir.resolve("saved.docker.tar");
        new DockerArchive(store).save(List.of("busybox"), archive);

        String out = CommandOverlayMounter.run(List.of(SKOPEO.toString(), "inspect", "--config",
                "docker-archive:" + archive));

        assertThat(config(out).rootfs().diffIds()).containsExactly(busybox.config().diffIds().get(0).toString());
    }

    @Test
    void gzipOciArchiveWrittenBySkopeo_loadsAndUnpacks() throws Exception {
        Path layout = dir.resolve("layout");
        new OciArchive(store).saveLayout(List.of("busybox"), layout);
        Path archive = dir.resolve("busybox.gz.oci.tar");
        CommandOverlayMounter.run(List.of(SKOPEO.toString(), "--insecure-policy", "copy", "--dest-compress",
                "--dest-compress-format", "gzip", "oci:" + layout + ":docker.io/library/busybox:latest",
                "oci-archive:" + archive + ":stable"));

        ImageStore other = new ImageStore(dir.resolve("other"), LayerUnpacker.forHost(), new RecordingOverlayMounter());
        Image loaded = new OciArchive(other).load(archive, ImageReference.parse("localhost/busybox")).get(0);

        assertThat(loaded.names()).containsExactly(ImageReference.parse("localhost/busybox:stable"));
        assertThat(loaded.manifest().layers()).singleElement()
                .satisfies(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR_GZIP));
        assertThat(loaded.config().diffIds()).isEqualTo(busybox.config().diffIds());
        assertThat(other.unpack(loaded).get(0).resolve("bin/busybox")).isRegularFile();
    }
}
