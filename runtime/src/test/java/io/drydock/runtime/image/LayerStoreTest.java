package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStoreTest {
    @TempDir
    Path dir;
    LayerStore store;

    @BeforeEach
    void open() throws Exception {
        store = new LayerStore(dir.resolve("layers"), dir.resolve("l"),
                new LayerUnpacker(new RecordingSpecialFileWriter(), false));
    }

    @Test
    void unpack_layer_landsUnderItsDiffIdWithAShortLink() throws Exception {
        byte[] tar = new LayerTar().file("hello", "world").tar();
        Digest diffId = Digest.of(tar);
        Path layerDir = store.unpack(diffId, new ByteArrayInputStream(LayerTar.gzip(tar)));
        assertThat(layerDir).isEqualTo(dir.resolve("layers").resolve(diffId.hex()));
        assertThat(layerDir.resolve("hello")).hasContent("world");
        assertThat(Files.readSymbolicLink(store.link(diffId))).isEqualTo(layerDir);
        assertThat(store.link(diffId).getFileName().toString()).hasSize(12);
        assertThat(store.list()).containsExactly(diffId);
        assertThat(store.size(diffId)).isEqualTo(5);
    }

    @Test
    void unpack_secondTime_doesNotReadTheBlob() throws Exception {
        byte[] tar = new LayerTar().file("a", "1").tar();
        Digest diffId = Digest.of(tar);
        Path first = store.unpack(diffId, new ByteArrayInputStream(tar));
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the layer was unpacked again");
            }
        };
        assertThat(store.unpack(diffId, untouchable)).isEqualTo(first);
    }

    @Test
    void unpack_wrongDiffId_isRefusedAndLeavesNothing() throws Exception {
        byte[] tar = new LayerTar().file("a", "1").tar();
        Digest claimed = Digest.of(new byte[] {1});
        assertThatThrownBy(() -> store.unpack(claimed, new ByteArrayInputStream(tar)))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining(claimed.toString());
        assertNothingLeft();
    }

    @Test
    void unpack_hostileLayer_leavesNothing() throws Exception {
        byte[] tar = new LayerTar().file("fine", "1").file("../evil", "x").tar();
        assertThatThrownBy(() -> store.unpack(Digest.of(tar), new ByteArrayInputStream(tar)))
                .isInstanceOf(UnsafeLayerEntryException.class);
        assertNothingLeft();
        assertThat(dir.resolve("evil")).doesNotExist();
    }

    @Test
    void remove_layer_deletesDirectoryAndLink() throws Exception {
        byte[] tar = new LayerTar().file("a", "1").tar();
        Digest diffId = Digest.of(tar);
        store.unpack(diffId, new ByteArrayInputStream(tar));
        store.remove(diffId);
        assertThat(store.contains(diffId)).isFalse();
        assertNothingLeft();
    }

    private void assertNothingLeft() throws Exception {
        try (Stream<Path> layers = Files.list(dir.resolve("layers")); Stream<Path> links = Files.list(dir.resolve("l"))) {
            assertThat(layers).isEmpty();
            assertThat(links).isEmpty();
        }
    }
}
