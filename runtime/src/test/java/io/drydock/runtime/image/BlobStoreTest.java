package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void constructor_emptyDir_createsAnOciLayout() throws Exception {
        new BlobStore(dir);
        assertThat(Files.readString(dir.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(Files.readString(dir.resolve("index.json"))).contains("\"schemaVersion\":2", "\"manifests\":[]");
        assertThat(dir.resolve("blobs/sha256")).isDirectory();
    }

    @Test
    void write_content_isStoredUnderItsDigest() throws Exception {
        BlobStore store = new BlobStore(dir);
        Descriptor d = store.write("text/plain", bytes("hello"));
        assertThat(d.digest()).isEqualTo(Digest.of(bytes("hello")));
        assertThat(d.size()).isEqualTo(5);
        assertThat(dir.resolve("blobs/sha256/" + d.digest().hex())).hasContent("hello");
        assertThat(store.read(d.digest())).isEqualTo(bytes("hello"));
        assertThat(store.digests()).containsExactly(d.digest());
    }

    @Test
    void write_unexpectedDigest_isRefusedAndNothingStored() throws Exception {
        BlobStore store = new BlobStore(dir);
        Digest other = Digest.of(bytes("other"));
        assertThatThrownBy(() -> store.write("x/y", new ByteArrayInputStream(bytes("hello")), other))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(other.toString())
                .hasMessageContaining(Digest.of(bytes("hello")).toString());
        assertThat(store.digests()).isEmpty();
        try (var leftovers = Files.list(dir.resolve("ingest"))) {
            assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith("blob-"))).isEmpty();
        }
    }

    @Test
    void read_corruptedBlob_isRefusedNamingTheDigest() throws Exception {
        BlobStore store = new BlobStore(dir);
        Digest d = store.write("text/plain", bytes("hello")).digest();
        Files.writeString(store.path(d), "jello");
        assertThatThrownBy(() -> store.read(d))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(d.toString());
        assertThatThrownBy(() -> store.verify(d)).isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void open_corruptedBlob_failsAtEndOfStream() throws Exception {
        BlobStore store = new BlobStore(dir);
        Digest d = store.write("text/plain", bytes("hello")).digest();
        Files.writeString(store.path(d), "hellO");
        try (InputStream in = store.open(d)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
        }
    }

    @Test
    void read_missingBlob_namesTheDigest() throws Exception {
        BlobStore store = new BlobStore(dir);
        Digest d = Digest.of(bytes("absent"));
        assertThatThrownBy(() -> store.read(d)).isInstanceOf(ImageException.class).hasMessageContaining(d.toString());
    }

    @Test
    void updateIndex_tagAnnotation_isPersistedAndReadBack() throws Exception {
        BlobStore store = new BlobStore(dir);
        Descriptor manifest = store.write(MediaTypes.OCI_MANIFEST, bytes("{}"))
                .withAnnotations(Map.of(Descriptor.REF_NAME, "docker.io/library/x:latest"));
        store.updateIndex(list -> {
            list.add(manifest);
            return list;
        });
        assertThat(new BlobStore(dir).index()).containsExactly(manifest);
        assertThat(Files.readString(dir.resolve("index.json"))).contains("org.opencontainers.image.ref.name");
    }

    @Test
    void constructor_otherLayoutVersion_isRefused() throws Exception {
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"9.0.0\"}");
        assertThatThrownBy(() -> new BlobStore(dir)).isInstanceOf(ImageException.class).hasMessageContaining("9.0.0");
    }

    @Test
    void delete_blob_isGone() throws Exception {
        BlobStore store = new BlobStore(dir);
        Digest d = store.write("t/p", bytes("x")).digest();
        store.delete(d);
        assertThat(store.contains(d)).isFalse();
        assertThat(store.index()).isEqualTo(List.of());
    }

    @Test
    void updateIndex_concurrentlyFromTwoStoresOnOneRoot_losesNoEntry() throws Exception {
        BlobStore one = new BlobStore(dir);
        BlobStore two = new BlobStore(dir);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            BlobStore store = t % 2 == 0 ? one : two;
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10; i++) {
                    Descriptor d = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(bytes(id + "-" + i)), 1);
                    try {
                        store.updateIndex(list -> {
                            list.add(d);
                            return list;
                        });
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(one.index()).hasSize(40);
    }
}
