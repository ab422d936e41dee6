package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.image.wire.DockerArchiveEntryJson;
import io.drydock.runtime.image.wire.ImageJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveTest {
    @TempDir
    Path dir;
    byte[] base = new LayerTar().dir("etc", 0755).file("etc/os-release", "ID=test\n").tar();
    byte[] app = new LayerTar().file("app", "v1", 0755).symlink("run", "app").tar();

    @Test
    void saveThenLoad_intoAnotherStore_keepsEveryDigestAndTag() throws Exception {
        ImageStore first = TestImages.store(dir.resolve("a"));
        Image original = TestImages.commit(first, "test/app:1", base, app);
        first.tag("test/app:1", ImageReference.parse("localhost:5000/app:x"));
        Path archive = dir.resolve("app.tar");
        new DockerArchive(first).save(List.of(original.id().toString()), archive);

        ImageStore second = TestImages.store(dir.resolve("b"));
        List<Image> loaded = new DockerArchive(second).load(archive);

        assertThat(loaded).singleElement().satisfies(image -> {
            assertThat(image.manifestDigest()).isEqualTo(original.manifestDigest());
            assertThat(image.id()).isEqualTo(original.id());
            assertThat(image.manifest().layers()).isEqualTo(original.manifest().layers());
            assertThat(image.names()).containsExactlyInAnyOrder(
                    ImageReference.parse("test/app:1"), ImageReference.parse("localhost:5000/app:x"));
        });
        assertThat(second.blobs().verifyAll()).isEmpty();
    }

    @Test
    void save_gzipLayers_writesUncompressedLayersWhoseDigestIsTheDiffId() throws Exception {
        ImageStore store = TestImages.store(dir.resolve("a"));
        Image image = TestImages.commit(store, "app", true, base, app);
        Path archive = dir.resolve("app.tar");
        new DockerArchive(store).save(List.of("app"), archive);

        DockerArchiveEntryJson[] manifest = null;
        int layers = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.getName().equals("manifest.json")) {
                    manifest = ImageJson.read(tar.readAllBytes(), DockerArchiveEntryJson[].class, "manifest.json");
                } else if (e.getName().endsWith("/layer.tar")) {
                    String hex = e.getName().substring(0, 64);
                    assertThat(Digest.of(tar).hex()).isEqualTo(hex);
                    layers++;
                }
            }
        }
        assertThat(layers).isEqualTo(2);
        assertThat(manifest).singleElement().satisfies(entry -> {
            assertThat(entry.repoTags()).containsExactly("app:latest");
            assertThat(entry.config()).isEqualTo(image.id().hex() + ".json");
            assertThat(entry.layers()).containsExactly(Digest.of(base).hex() + "/layer.tar",
                    Digest.of(app).hex() + "/layer.tar");
        });

        ImageStore other = TestImages.store(dir.resolve("b"));
        Image loaded = new DockerArchive(other).load(archive).get(0);
        assertThat(loaded.id()).isEqualTo(image.id());
        assertThat(loaded.config().diffIds()).isEqualTo(image.config().diffIds());
    }

    @Test
    void save_twice_isByteIdentical() throws Exception {
        ImageStore store = TestImages.store(dir.resolve("a"));
        TestImages.commit(store, "app", base, app);
        new DockerArchive(store).save(List.of("app"), dir.resolve("1.tar"));
        new DockerArchive(store).save(List.of("app"), dir.resolve("2.tar"));
        assertThat(Files.readAllBytes(dir.resolve("1.tar"))).isEqualTo(Files.readAllBytes(dir.resolve("2.tar")));
    }

    /** A docker-archive as docker writes it, with a symlinked duplicate layer. */
    private byte[] handMadeArchive(byte[] layer, String diffIdInConfig) throws Exception {
        String config = """
                {"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"docker_version":"20.10",
                 "rootfs":{"type":"layers","diff_ids":["%s","%s"]}}""".formatted(diffIdInConfig, diffIdInConfig);
        String configName = Digest.of(config.getBytes(StandardCharsets.UTF_8)).hex() + ".json";
        String manifest = """
                [{"Config":"%s","RepoTags":["hand/made:1"],"Layers":["aaa/layer.tar","bbb/layer.tar"]}]
                """.formatted(configName);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            put(tar, configName, config.getBytes(StandardCharsets.UTF_8));
            put(tar, "aaa/layer.tar", layer);
            TarArchiveEntry link = new TarArchiveEntry("bbb/layer.tar", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../aaa/layer.tar");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            put(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            put(tar, "repositories", "{}".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws Exception {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    @Test
    void load_dockerStyleArchiveWithSymlinkedLayer_keepsTheForeignConfigBytes() throws Exception {
        ImageStore store = TestImages.store(dir.resolve("a"));
        byte[] archive = handMadeArchive(base, Digest.of(base).toString());
        Image image = new DockerArchive(store).load(new ByteArrayInputStream(archive), "hand.tar").get(0);
        assertThat(image.names()).containsExactly(ImageReference.parse("hand/made:1"));
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(new String(store.blobs().read(image.id()), StandardCharsets.UTF_8)).contains("docker_version");
        assertThat(image.manifest().layers()).extracting(Descriptor::digest).containsExactly(Digest.of(base), Digest.of(base));
    }

    @Test
    void load_layerNotMatchingItsDiffId_isRefusedNamingTheLayer() throws Exception {
        ImageStore store = TestImages.store(dir.resolve("a"));
        Digest claimed = Digest.of(app);
        byte[] archive = handMadeArchive(base, claimed.toString());
        assertThatThrownBy(() -> new DockerArchive(store).load(new ByteArrayInputStream(archive), "hand.tar"))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("aaa/layer.tar")
                .hasMessageContaining(claimed.toString());
        assertThat(store.list()).isEmpty();
    }

    @Test
    void load_notADockerArchive_saysWhy() {
        assertThatThrownBy(() -> new DockerArchive(TestImages.store(dir.resolve("a")))
                .load(new ByteArrayInputStream(new LayerTar().file("x", "y").tar()), "x.tar"))
                .isInstanceOf(ImageException.class).hasMessageContaining("x.tar").hasMessageContaining("manifest.json");
    }

    @Test
    void load_symlinkLeavingTheArchive_isRefusedNamingTheEntry() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry link = new TarArchiveEntry("aaa/layer.tar", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../../etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> new DockerArchive(TestImages.store(dir.resolve("a")))
                .load(new ByteArrayInputStream(out.toByteArray()), "evil.tar"))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("aaa/layer.tar")
                .hasMessageContaining("leaves the archive");
    }
}
