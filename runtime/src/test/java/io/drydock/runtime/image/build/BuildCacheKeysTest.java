package io.drydock.runtime.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.runtime.image.Descriptor;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheKeysTest {
    @TempDir
    Path dir;

    private static final Digest BASE = Digest.of("base".getBytes());

    @Test
    void step_sameInputs_sameKey_anyInputChanged_otherKey() {
        Digest parent = BuildCacheKeys.base(BASE);
        Digest key = BuildCacheKeys.step(parent, "RUN echo x", null);
        assertThat(BuildCacheKeys.step(parent, "RUN echo x", null)).isEqualTo(key);
        assertThat(BuildCacheKeys.step(parent, "RUN echo y", null)).isNotEqualTo(key);
        assertThat(BuildCacheKeys.step(BuildCacheKeys.base(null), "RUN echo x", null)).isNotEqualTo(key);
        assertThat(BuildCacheKeys.step(parent, "RUN echo x", Digest.of(new byte[0]))).isNotEqualTo(key);
        assertThat(BuildCacheKeys.afterLayer(key, Digest.of("l1".getBytes())))
                .isNotEqualTo(BuildCacheKeys.afterLayer(key, Digest.of("l2".getBytes())));
    }

    @Test
    void step_partsAreDelimited_soShiftedTextDiffers() {
        Digest parent = BuildCacheKeys.base(null);
        assertThat(BuildCacheKeys.environment(Map.of("A", "1=B")))
                .isNotEqualTo(BuildCacheKeys.environment(Map.of("A", "1", "B", "")));
        assertThat(BuildCacheKeys.environment(Map.of("B", "2", "A", "1")))
                .isEqualTo(BuildCacheKeys.environment(Map.of("A", "1", "B", "2")));
        assertThat(BuildCacheKeys.step(parent, "ab", null)).isNotEqualTo(BuildCacheKeys.step(parent, "a", null));
    }

    @Test
    void content_followsBytesAndModes_notTimes() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("f"), "one");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("sub/g"), "two");
        Digest first = BuildCacheKeys.content(List.of(src));

        Files.setLastModifiedTime(src.resolve("f"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        assertThat(BuildCacheKeys.content(List.of(src))).isEqualTo(first);

        Files.writeString(src.resolve("sub/g"), "TWO");
        Digest changed = BuildCacheKeys.content(List.of(src));
        assertThat(changed).isNotEqualTo(first);

        Files.setAttribute(src.resolve("f"), "unix:mode", 0700);
        assertThat(BuildCacheKeys.content(List.of(src))).isNotEqualTo(changed);
    }

    @Test
    void cache_remembersLayerAndTime_andForgets() throws Exception {
        BuildCache cache = new BuildCache(dir.resolve("cache"));
        Digest key = Digest.of("k".getBytes());
        assertThat(cache.get(key)).isEmpty();

        Descriptor layer = new Descriptor(MediaTypes.OCI_LAYER_TAR, Digest.of("layer".getBytes()), 5);
        Instant when = Instant.parse("2026-01-02T03:04:05Z");
        cache.put(key, new BuildCache.Entry(layer, when));
        cache.put(Digest.of("meta".getBytes()), new BuildCache.Entry(null, when));

        assertThat(cache.get(key)).contains(new BuildCache.Entry(layer, when));
        assertThat(cache.get(Digest.of("meta".getBytes()))).contains(new BuildCache.Entry(null, when));
        cache.clear();
        assertThat(cache.get(key)).isEmpty();
    }
}
