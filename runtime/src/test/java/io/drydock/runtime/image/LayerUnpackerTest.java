package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayerUnpackerTest {
    @TempDir
    Path dir;
    Path layer;
    Path outside;
    RecordingSpecialFileWriter special = new RecordingSpecialFileWriter();
    LayerUnpacker unpacker = new LayerUnpacker(special, false);

    @BeforeEach
    void dirs() throws Exception {
        layer = Files.createDirectory(dir.resolve("layer"));
        outside = Files.createDirectory(dir.resolve("outside"));
    }

    private UnpackResult unpack(byte[] tar) throws Exception {
        return unpacker.unpack(new ByteArrayInputStream(tar), layer);
    }

    private static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void unpack_ordinaryEntries_reproducesContentModesLinksAndTimes() throws Exception {
        byte[] tar = new LayerTar()
                .dir("etc", 0755).file("etc/hostname", "box\n").dir("bin", 0700)
                .file("bin/su", "#!", 04755).symlink("bin/sh", "busybox").symlink("abs", "/etc/hostname")
                .hardlink("etc/hostname2", "etc/hostname").file("deep/er/file", "x").tar();
        UnpackResult result = unpack(tar);

        assertThat(result.diffId()).isEqualTo(Digest.of(tar));
        assertThat(result.entries()).isEqualTo(8);
        assertThat(layer.resolve("etc/hostname")).hasContent("box\n");
        assertThat(mode(layer.resolve("bin/su"))).isEqualTo(04755);
        assertThat(mode(layer.resolve("bin"))).isEqualTo(0700);
        assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).hasToString("busybox");
        assertThat(Files.readSymbolicLink(layer.resolve("abs"))).hasToString("/etc/hostname");
        Object key1 = Files.readAttributes(layer.resolve("etc/hostname"), BasicFileAttributes.class).fileKey();
        Object key2 = Files.readAttributes(layer.resolve("etc/hostname2"), BasicFileAttributes.class).fileKey();
        assertThat(key1).isEqualTo(key2);
        assertThat(Files.getLastModifiedTime(layer.resolve("etc/hostname"))).isEqualTo(LayerTar.MTIME);
        assertThat(Files.getLastModifiedTime(layer.resolve("etc"))).isEqualTo(LayerTar.MTIME);
        assertThat(Files.getLastModifiedTime(layer.resolve("abs"), LinkOption.NOFOLLOW_LINKS)).isEqualTo(LayerTar.MTIME);
        assertThat(layer.resolve("deep/er/file")).hasContent("x");
    }

    @Test
    void unpack_gzipLayer_diffIdIsOfTheUncompressedTar() throws Exception {
        byte[] tar = new LayerTar().file("a", "b").tar();
        UnpackResult result = unpacker.unpack(new ByteArrayInputStream(LayerTar.gzip(tar)), layer);
        assertThat(result.diffId()).isEqualTo(Digest.of(tar));
        assertThat(layer.resolve("a")).hasContent("b");
    }

    @Test
    void unpack_whiteout_becomesOverlayWhiteoutAndRemovesTheName() throws Exception {
        unpack(new LayerTar().dir("etc", 0755).file("etc/gone", "x").file("etc/.wh.gone", "")
                .file(".wh.tmp", "").tar());
        assertThat(special.calls).containsExactly(
                new RecordingSpecialFileWriter.Whiteout(layer.resolve("etc/gone")),
                new RecordingSpecialFileWriter.Whiteout(layer.resolve("tmp")));
        assertThat(layer.resolve("etc/gone")).doesNotExist();
        assertThat(layer.resolve("etc/.wh.gone")).doesNotExist();
    }

    @Test
    void unpack_opaqueMarker_marksItsDirectoryOpaqueAndKeepsSiblings() throws Exception {
        unpack(new LayerTar().dir("var/cache", 0755).file("var/cache/.wh..wh..opq", "").file("var/cache/new", "n").tar());
        assertThat(special.calls).containsExactly(new RecordingSpecialFileWriter.Opaque(layer.resolve("var/cache")));
        assertThat(layer.resolve("var/cache/new")).hasContent("n");
        assertThat(layer.resolve("var/cache/.wh..wh..opq")).doesNotExist();
    }

    @Test
    void unpack_devicesAndFifo_goThroughTheSpecialFileWriter() throws Exception {
        unpack(new LayerTar().charDevice("dev/null", 1, 3).fifo("run/pipe").tar());
        assertThat(special.calls).containsExactly(
                new RecordingSpecialFileWriter.Device(layer.resolve("dev/null"), 'c', 1, 3),
                new RecordingSpecialFileWriter.Fifo(layer.resolve("run/pipe")));
    }

    @Test
    void unpack_deviceRefusedByKernel_isSkippedAndReported() throws Exception {
        unpacker = new LayerUnpacker(special.failingDevices(), false);
        UnpackResult result = unpack(new LayerTar().charDevice("dev/null", 1, 3).file("ok", "1").tar());
        assertThat(result.skipped()).singleElement().asString().contains("dev/null");
        assertThat(layer.resolve("ok")).exists();
    }

    @Test
    void unpack_duplicateEntries_laterWins() throws Exception {
        unpack(new LayerTar().file("a", "first").dir("a", 0755).file("a/b", "x").file("a", "last").tar());
        assertThat(layer.resolve("a")).isRegularFile().hasContent("last");
    }

    @Test
    void unpack_symlinkIntoTheLayer_isStoredVerbatimNotFollowed() throws Exception {
        unpack(new LayerTar().symlink("escape", "../../outside").tar());
        assertThat(Files.readSymbolicLink(layer.resolve("escape"))).hasToString("../../outside");
    }

    @Test
    void unpack_nonEmptyTarget_isRefused() throws Exception {
        Files.writeString(layer.resolve("x"), "");
        assertThatThrownBy(() -> unpack(new LayerTar().file("a", "b").tar()))
                .isInstanceOf(ImageException.class).hasMessageContaining("not empty");
    }

    static Stream<Arguments> hostileLayers() {
        return Stream.of(
                Arguments.of("dot-dot", "../outside/evil", (Supplier<byte[]>) () ->
                        new LayerTar().file("../outside/evil", "pwned").tar()),
                Arguments.of("dot-dot in the middle", "a/../../outside/evil", (Supplier<byte[]>) () ->
                        new LayerTar().file("a/../../outside/evil", "pwned").tar()),
                Arguments.of("absolute path", "/tmp/drydock-evil", (Supplier<byte[]>) () ->
                        new LayerTar().file("/tmp/drydock-evil", "pwned").tar()),
                Arguments.of("symlink to outside then entry through it", "link/evil", (Supplier<byte[]>) () ->
                        new LayerTar().symlink("link", "../outside").file("link/evil", "pwned").tar()),
                Arguments.of("absolute symlink then entry through it", "link/evil", (Supplier<byte[]>) () ->
                        new LayerTar().symlink("link", "/tmp").file("link/evil", "pwned").tar()),
                Arguments.of("symlink then directory through it", "link/sub/", (Supplier<byte[]>) () ->
                        new LayerTar().symlink("link", "../outside").dir("link/sub", 0755).tar()),
                Arguments.of("hard link to a file outside by ..", "h", (Supplier<byte[]>) () ->
                        new LayerTar().hardlink("h", "../outside/secret").tar()),
                Arguments.of("hard link to an absolute path", "h", (Supplier<byte[]>) () ->
                        new LayerTar().hardlink("h", "/etc/passwd").tar()),
                Arguments.of("hard link through a symlink", "h", (Supplier<byte[]>) () ->
                        new LayerTar().symlink("link", "../outside").hardlink("h", "link/secret").tar()),
                Arguments.of("whiteout through a symlink", "link/.wh.secret", (Supplier<byte[]>) () ->
                        new LayerTar().symlink("link", "../outside").file("link/.wh.secret", "").tar()),
                Arguments.of("opaque marker through a symlink", "link/.wh..wh..opq", (Supplier<byte[]>) () ->
                        new LayerTar().symlink("link", "../outside").file("link/.wh..wh..opq", "").tar()),
                Arguments.of("whiteout of ..", ".wh...", (Supplier<byte[]>) () ->
                        new LayerTar().file(".wh...", "").tar()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLayers")
    void unpack_hostileEntry_isRefusedNamingItAndNothingIsWrittenOutside(String description, String entry,
                                                                          Supplier<byte[]> tar) throws Exception {
        Files.writeString(outside.resolve("secret"), "s");
        assertThatThrownBy(() -> unpack(tar.get()))
                .isInstanceOf(UnsafeLayerEntryException.class)
                .hasMessageContaining("'" + entry + "'")
                .extracting(e -> ((UnsafeLayerEntryException) e).entry()).isEqualTo(entry);
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(outside.resolve("secret"));
        }
        assertThat(outside.resolve("secret")).hasContent("s");
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings).containsExactlyInAnyOrder(layer, outside);
        }
        assertThat(Path.of("/tmp/drydock-evil")).doesNotExist();
        assertThat(special.calls).isEmpty();
    }
}
