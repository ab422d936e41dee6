package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    @TempDir
    Path root;
    ImageStore store;
    byte[] base = new LayerTar().dir("etc", 0755).file("etc/os-release", "ID=test\n").tar();
    byte[] app = new LayerTar().file("app", "v1").tar();

    @BeforeEach
    void open() throws Exception {
        store = TestImages.store(root);
    }

    @Test
    void commit_image_isListedWithItsNameAndConfig() throws Exception {
        Image image = TestImages.commit(store, "test/app:1", base, app);
        assertThat(store.list()).containsExactly(image);
        assertThat(image.names()).containsExactly(ImageReference.parse("test/app:1"));
        assertThat(image.config().diffIds()).containsExactly(Digest.of(base), Digest.of(app));
        assertThat(store.inspect("test/app:1")).isEqualTo(image);
        assertThat(store.inspect(image.id().toString())).isEqualTo(image);
        assertThat(store.inspect(image.manifestDigest().toString())).isEqualTo(image);
        assertThat(store.inspect(image.id().hex().substring(0, 12))).isEqualTo(image);
        assertThat(store.inspect("docker.io/test/app@" + image.manifestDigest())).isEqualTo(image);
    }

    @Test
    void inspect_unknownName_isNotFoundNamingIt() {
        assertThatThrownBy(() -> store.inspect("nope:1"))
                .isInstanceOf(ImageNotFoundException.class).hasMessageContaining("nope:1");
    }

    @Test
    void commit_sameNameTwice_movesTheNameAndLeavesTheOldImageDangling() throws Exception {
        Image first = TestImages.commit(store, "app", base);
        Image second = TestImages.commit(store, "app", base, app);
        assertThat(store.inspect("app")).isEqualTo(second);
        assertThat(store.image(first.manifestDigest()).names()).isEmpty();
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void tag_image_addsASecondName() throws Exception {
        Image image = TestImages.commit(store, "app:1", base);
        store.tag("app:1", ImageReference.parse("localhost:5000/app:2"));
        assertThat(store.inspect("localhost:5000/app:2").manifestDigest()).isEqualTo(image.manifestDigest());
        assertThat(store.inspect("app:1").names()).containsExactlyInAnyOrder(
                ImageReference.parse("app:1"), ImageReference.parse("localhost:5000/app:2"));
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void remove_oneOfTwoNames_onlyUntags() throws Exception {
        TestImages.commit(store, "app:1", base);
        store.tag("app:1", ImageReference.parse("app:2"));
        ImageRemoval removal = store.remove("app:1", false, image -> true);
        assertThat(removal.deleted()).isFalse();
        assertThat(removal.untagged()).containsExactly(ImageReference.parse("app:1"));
        assertThat(store.inspect("app:2").names()).containsExactly(ImageReference.parse("app:2"));
    }

    @Test
    void remove_imageInUse_isRefusedUnlessForced() throws Exception {
        Image image = TestImages.commit(store, "app", base);
        assertThatThrownBy(() -> store.remove("app", false, i -> true))
                .isInstanceOf(ImageInUseException.class).hasMessageContaining("app");
        assertThat(store.list()).containsExactly(image);

        ImageRemoval forced = store.remove("app", true, i -> true);
        assertThat(forced.deleted()).isFalse();
        assertThat(store.list()).singleElement().satisfies(i -> assertThat(i.names()).isEmpty());
        assertThat(store.blobs().contains(image.manifest().layers().get(0).digest())).isTrue();
    }

    @Test
    void remove_lastName_deletesUnsharedBlobsAndLayersOnly() throws Exception {
        Image shared = TestImages.commit(store, "base", base);
        Image image = TestImages.commit(store, "app", base, app);
        store.unpack(image);
        ImageRemoval removal = store.remove("app", false, i -> false);
        assertThat(removal.deleted()).isTrue();
        assertThat(removal.deletedLayers()).containsExactly(Digest.of(app));
        assertThat(removal.deletedBlobs()).contains(image.manifestDigest(), Digest.of(app)).doesNotContain(Digest.of(base));
        assertThat(store.layers().list()).containsExactly(Digest.of(base));
        assertThat(store.list()).containsExactly(shared);
        assertThat(store.blobs().verifyAll()).isEmpty();
    }

    @Test
    void remove_layerUnderASnapshot_keepsTheLayer() throws Exception {
        Image image = TestImages.commit(store, "app", base);
        store.prepareRootfs(image, "c1");
        store.remove("app", false, i -> false);
        assertThat(store.layers().contains(Digest.of(base))).isTrue();
        store.snapshots().remove("c1");
    }

    @Test
    void unpack_gzipLayers_verifiesAndSharesLayerDirectories() throws Exception {
        Image image = TestImages.commit(store, "app", true, base, app);
        assertThat(store.unpack(image)).containsExactly(
                store.layers().directory(Digest.of(base)), store.layers().directory(Digest.of(app)));
        assertThat(store.layers().directory(Digest.of(base)).resolve("etc/os-release")).hasContent("ID=test\n");
    }

    @Test
    void unpack_corruptedLayerBlob_isRefusedAndNotUnpacked() throws Exception {
        Image image = TestImages.commit(store, "app", true, base);
        Path blob = store.blobs().path(image.manifest().layers().get(0).digest());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 9] ^= 1; // inside the gzip trailer's CRC
        Files.write(blob, bytes);
        assertThatThrownBy(() -> store.unpack(image)).isInstanceOf(ImageException.class);
        assertThat(store.layers().list()).isEmpty();
    }

    @Test
    void diskUsage_reportsBlobsLayersAndUpperDirs() throws Exception {
        Image image = TestImages.commit(store, "app", base, app);
        Snapshot s = store.prepareRootfs(image, "c1");
        Files.writeString(s.upper().resolve("changed"), "12345");
        DiskUsage usage = store.diskUsage();
        assertThat(usage.sharedLayerBytes()).isEqualTo("ID=test\n".length() + "v1".length());
        assertThat(usage.upperBytesBySnapshot()).containsEntry("c1", 5L);
        assertThat(usage.privateBytes()).isEqualTo(5);
        assertThat(usage.blobBytes()).isGreaterThan(base.length + app.length);
        store.snapshots().remove("c1");
    }

    @Test
    void removeLeftovers_oldTemporaryEntries_areDeletedAndFreshOnesKept() throws Exception {
        Path oldUnpack = Files.createDirectories(root.resolve("layers/.unpack-old/etc"));
        Path freshUnpack = Files.createDirectories(root.resolve("layers/.unpack-fresh"));
        Path oldBlob = Files.writeString(root.resolve("oci/ingest/blob-old"), "partial");
        Path oldScratch = Files.createDirectories(root.resolve("tmp/save-old"));
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.fromMillis(0);
        for (Path p : new Path[] {oldUnpack.getParent(), oldBlob, oldScratch}) {
            Files.setLastModifiedTime(p, longAgo);
        }
        Image image = TestImages.commit(store, "app", base);
        store.unpack(image);

        assertThat(store.removeLeftovers(java.time.Duration.ofHours(1)))
                .containsExactlyInAnyOrder(oldUnpack.getParent(), oldBlob, oldScratch);
        assertThat(freshUnpack).exists();
        assertThat(store.layers().list()).containsExactly(Digest.of(base));
        assertThat(store.blobs().verifyAll()).isEmpty();
    }
}
