package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentCacheTest {
    @TempDir
    Path dir;

    private CachedAttachment entry(String id) {
        CniConfigList list = NetworkConfig.defaults(dir).containerConflist();
        return new CachedAttachment(list, new CniRuntimeConf(id, "/run/netns/" + id, "eth0",
                PortMapping.parseAll(List.of("127.0.0.1:8080:80", "53:53/udp"))), CniResult.parse(RecordingProcessRunner.BRIDGE_RESULT), 4026532179L);
    }

    @Test
    void store_thenLoad_givesTheSameAttachment() throws Exception {
        AttachmentCache cache = new AttachmentCache(dir.resolve("c"));
        CachedAttachment a = entry("ctr1");

        cache.store(a);

        assertThat(cache.load("drydock", "ctr1", "eth0")).contains(a);
        assertThat(cache.list("drydock")).containsExactly(a);
        assertThat(cache.list("other")).isEmpty();
        assertThat(cache.load("drydock", "ctr2", "eth0")).isEmpty();
    }

    @Test
    void remove_dropsTheEntry_twiceIsFine() throws Exception {
        AttachmentCache cache = new AttachmentCache(dir.resolve("c"));
        cache.store(entry("ctr1"));

        cache.remove("drydock", "ctr1", "eth0");
        cache.remove("drydock", "ctr1", "eth0");

        assertThat(cache.list("drydock")).isEmpty();
        try (var files = Files.list(dir.resolve("c"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void load_malformedOrUnknownField_isRefusedNamingTheFile() throws Exception {
        AttachmentCache cache = new AttachmentCache(dir);
        cache.store(entry("ctr1"));
        Path file = cache.path("drydock", "ctr1", "eth0");
        Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"surprise\":1,"));

        assertThatThrownBy(() -> cache.load("drydock", "ctr1", "eth0"))
                .isInstanceOf(NetworkException.class).hasMessageContaining(file.toString());
        Files.writeString(file, "{");
        assertThatThrownBy(() -> cache.load("drydock", "ctr1", "eth0")).hasMessageContaining("malformed");
    }
}
