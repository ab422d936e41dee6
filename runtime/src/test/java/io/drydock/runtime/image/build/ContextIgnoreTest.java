package io.drydock.runtime.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.runtime.image.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextIgnoreTest {
    @TempDir
    Path context;

    @Test
    void excluded_lastMatchWins_andDirectoriesExcludeTheirContents() {
        ContextIgnore ignore = ContextIgnore.parse(context, List.of("# comment", "*.log", "build", "!keep.log",
                "docs/**/*.tmp"));
        assertThat(ignore.excluded(context.resolve("a.log"))).isTrue();
        assertThat(ignore.excluded(context.resolve("keep.log"))).isFalse();
        assertThat(ignore.excluded(context.resolve("build/out/x.class"))).isTrue();
        assertThat(ignore.excluded(context.resolve("src/Main.java"))).isFalse();
        assertThat(ignore.excluded(context.resolve("docs/a/b/c.tmp"))).isTrue();
        assertThat(ignore.excluded(context.resolve("sub/a.log"))).as("globs are relative to the context").isFalse();
    }

    @Test
    void of_readsContainerignoreBeforeDockerignore() throws Exception {
        Files.writeString(context.resolve(".dockerignore"), "a\n");
        assertThat(ContextIgnore.of(context).excluded(context.resolve("a"))).isTrue();
        Files.writeString(context.resolve(".containerignore"), "b\n");
        assertThat(ContextIgnore.of(context).excluded(context.resolve("a"))).isFalse();
        assertThat(ContextIgnore.of(context).excluded(context.resolve("b"))).isTrue();
    }

    @Test
    void content_ofAnIgnoredFile_doesNotChangeTheCacheKey() throws Exception {
        Path dir = Files.createDirectories(context.resolve("app"));
        Files.writeString(dir.resolve("main"), "code");
        Files.writeString(dir.resolve("debug.log"), "1");
        ContextIgnore ignore = ContextIgnore.parse(context, List.of("**/*.log"));
        Digest before = BuildCacheKeys.content(List.of(dir), ignore::excluded);
        Files.writeString(dir.resolve("debug.log"), "2");
        assertThat(BuildCacheKeys.content(List.of(dir), ignore::excluded)).isEqualTo(before);
        assertThat(BuildCacheKeys.content(List.of(dir))).isNotEqualTo(before);
    }
}
