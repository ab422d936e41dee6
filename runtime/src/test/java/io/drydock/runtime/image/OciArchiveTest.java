package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.image.wire.ImageJson;
import io.drydock.runtime.image.wire.IndexJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveTest {
    @TempDir
    Path dir;
    byte[] base = new LayerTar().dir("etc", 0755).file("etc/os-release", "ID=test\n").tar();

    @Test
    void saveLayout_image_writesAValidLayoutWithRefName() throws Exception {
        ImageStore store = TestImages.store(dir.resolve("a"));
        Image image = TestImages.commit(store, "app:1", true, base);
        Path layout = dir.resolve("layout");
        new OciArchive(store).saveLayout(List.of("app:1"), layout);

        assertThat(layout.resolve("oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
        IndexJson index = ImageJson.read(Files.readAllBytes(layout.resolve("index.json")), IndexJson.class, "index");
        assertThat(index.manifests()).singleElement().satisfies(d -> {
            assertThat(d.digest()).isEqualTo(image.manifestDigest().toString());
            assertThat(d.annotations()).containsEntry(Descriptor.REF_NAME, "docker.io/library/app:1");
        });
        try (var blobs = Files.list(layout.resolve("blobs/sha256"))) {
            assertThat(blobs).hasSize(3);
        }
        assertThat(layout.resolve("ingest")).doesNotExist();
        assertThat(new BlobStore(layout).verifyAll()).isEmpty();
    }

    @Test
    void saveThenLoad_archive_keepsDigestsAndName() throws Exception {
        ImageStore first = TestImages.store(dir.resolve("a"));
        Image image = TestImages.commit(first, "localhost:5000/app:1", true, base);
        Path archive = dir.resolve("app.oci.tar");
        new OciArchive(first).save(List.of("localhost:5000/app:1"), archive);

        ImageStore second = TestImages.store(dir.resolve("b"));
        List<Image> loaded = new OciArchive(second).load(archive, null);
        assertThat(loaded).singleElement().satisfies(i -> {
            assertThat(i.manifestDigest()).isEqualTo(image.manifestDigest());
            assertThat(i.names()).containsExactly(ImageReference.parse("localhost:5000/app:1"));
        });
        assertThat(second.unpack(loaded.get(0)).get(0).resolve("etc/os-release")).hasContent("ID=test\n");
        assertThat(second.root().resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void load_bareTagRefName_usesTheGivenRepository() throws Exception {
        ImageStore first = TestImages.store(dir.resolve("a"));
        TestImages.commit(first, "app:1", base);
        Path layout = dir.resolve("layout");
        new OciArchive(first).saveLayout(List.of("app:1"), layout);
        // Rewrite ref.name as a bare tag, as `skopeo copy ... oci:dir:tag` writes it.
        Path index = layout.resolve("index.json");
        Files.writeString(index, Files.readString(index).replace("docker.io/library/app:1", "stable"));
        Path archive = dir.resolve("x.tar");
        try (ArchiveWriter out = new ArchiveWriter(archive)) {
            out.file("oci-layout", Files.readAllBytes(layout.resolve("oci-layout")));
            out.file("index.json", Files.readAllBytes(index));
            try (var blobs = Files.list(layout.resolve("blobs/sha256"))) {
                for (Path blob : blobs.toList()) {
                    out.file("blobs/sha256/" + blob.getFileName(), Files.readAllBytes(blob));
                }
            }
            out.commit();
        }
        ImageStore second = TestImages.store(dir.resolve("b"));
        Image loaded = new OciArchive(second).load(archive, ImageReference.parse("example.com/team/app")).get(0);
        assertThat(loaded.names()).containsExactly(ImageReference.parse("example.com/team/app:stable"));
    }

    @Test
    void saveLayout_nonEmptyDirectory_isRefused() throws Exception {
        ImageStore store = TestImages.store(dir.resolve("a"));
        TestImages.commit(store, "app", base);
        Files.writeString(Files.createDirectories(dir.resolve("busy")).resolve("f"), "x");
        assertThatThrownBy(() -> new OciArchive(store).saveLayout(List.of("app"), dir.resolve("busy")))
                .isInstanceOf(ImageException.class).hasMessageContaining("not empty");
    }
}
