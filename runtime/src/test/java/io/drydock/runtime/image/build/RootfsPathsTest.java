package io.drydock.runtime.image.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths of a Containerfile or an archive never leave the rootfs. */
class RootfsPathsTest {
    @TempDir
    Path tmp;

    private Path rootfs;
    private RootfsPaths.Owner me;

    @BeforeEach
    void setUp() throws Exception {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        me = new RootfsPaths.Owner((Integer) Files.getAttribute(tmp, "unix:uid"),
                (Integer) Files.getAttribute(tmp, "unix:gid"));
    }

    @Test
    void resolve_absoluteAndDotDotSymlinks_stayInsideTheRootfs() throws Exception {
        Files.createDirectories(rootfs.resolve("real"));
        Files.createSymbolicLink(rootfs.resolve("abs"), Path.of("/"));
        Files.createSymbolicLink(rootfs.resolve("up"), Path.of("../../../../.."));
        Files.createSymbolicLink(rootfs.resolve("real/rel"), Path.of("../real"));

        assertThat(RootfsPaths.resolve(rootfs, "/abs/etc/passwd")).isEqualTo(rootfs.resolve("etc/passwd"));
        assertThat(RootfsPaths.resolve(rootfs, "/up/etc")).isEqualTo(rootfs.resolve("etc"));
        assertThat(RootfsPaths.resolve(rootfs, "/../../x")).isEqualTo(rootfs.resolve("x"));
        assertThat(RootfsPaths.resolve(rootfs, "/real/rel/rel/f")).isEqualTo(rootfs.resolve("real/f"));
    }

    @Test
    void resolve_symlinkLoop_isRefused() throws Exception {
        Files.createSymbolicLink(rootfs.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(rootfs.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> RootfsPaths.resolve(rootfs, "/a/x")).hasMessageContaining("symbolic links");
    }

    @Test
    void owner_namesAndNumbers_resolveThroughTheImagesFiles() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:\n");
        assertThat(RootfsPaths.owner(rootfs, "app")).isEqualTo(new RootfsPaths.Owner(1000, 1001));
        assertThat(RootfsPaths.owner(rootfs, "app:staff")).isEqualTo(new RootfsPaths.Owner(1000, 50));
        assertThat(RootfsPaths.owner(rootfs, "1000")).isEqualTo(new RootfsPaths.Owner(1000, 1001));
        assertThat(RootfsPaths.owner(rootfs, "42")).isEqualTo(new RootfsPaths.Owner(42, 0));
        assertThat(RootfsPaths.owner(rootfs, "42:7")).isEqualTo(new RootfsPaths.Owner(42, 7));
        assertThatThrownBy(() -> RootfsPaths.owner(rootfs, "ghost")).hasMessageContaining("no user 'ghost'");
        assertThatThrownBy(() -> RootfsPaths.owner(rootfs, "app:ghosts")).hasMessageContaining("no group 'ghosts'");
    }

    @Test
    void extract_entryClimbingOut_isRefused() throws Exception {
        Path archive = tar(tmp.resolve("evil.tar"), "../../evil", "x");
        assertThat(LocalArchiveExtractor.isArchive(archive)).isTrue();
        assertThatThrownBy(() -> LocalArchiveExtractor.extract(archive, rootfs, "/dest", me))
                .hasMessageContaining("climbs out");
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void extract_throughAnImageSymlink_landsInsideTheRootfs() throws Exception {
        Files.createSymbolicLink(rootfs.resolve("dest"), Path.of("/"));
        Path outside = tmp.resolve("outside");
        Path archive = tar(tmp.resolve("ok.tar"), "dir/file", "content");

        LocalArchiveExtractor.extract(archive, rootfs, "/dest/opt", me);

        assertThat(rootfs.resolve("opt/dir/file")).hasContent("content");
        assertThat(outside).doesNotExist();
    }

    @Test
    void isArchive_plainFile_isNot() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThat(LocalArchiveExtractor.isArchive(text)).isFalse();
    }

    private static Path tar(Path file, String name, String content) throws Exception {
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(bytes.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return file;
    }
}
