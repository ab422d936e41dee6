package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerPackerTest {
    @TempDir
    Path dir;

    private Path tree() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(src.resolve("etc/conf.d"));
        Files.writeString(src.resolve("etc/conf.d/a"), "alpha");
        Files.setAttribute(src.resolve("etc/conf.d/a"), "unix:mode", 0640);
        Files.createSymbolicLink(src.resolve("etc/link"), Path.of("conf.d/a"));
        Files.createLink(src.resolve("etc/hard"), src.resolve("etc/conf.d/a"));
        return src;
    }

    @Test
    void pack_thenUnpack_reproducesTheTree() throws Exception {
        Path src = tree();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Digest diffId = new LayerPacker().pack(src, out);
        assertThat(Digest.of(out.toByteArray())).isEqualTo(diffId);

        Path copy = Files.createDirectory(dir.resolve("copy"));
        UnpackResult result = new LayerUnpacker(new RecordingSpecialFileWriter(), false)
                .unpack(new ByteArrayInputStream(out.toByteArray()), copy);
        assertThat(result.diffId()).isEqualTo(diffId);
        assertThat(copy.resolve("etc/conf.d/a")).hasContent("alpha");
        assertThat(Files.getAttribute(copy.resolve("etc/conf.d/a"), "unix:mode")).isEqualTo(0100640);
        assertThat(Files.readSymbolicLink(copy.resolve("etc/link"))).hasToString("conf.d/a");
        assertThat(Files.readAttributes(copy.resolve("etc/hard"), BasicFileAttributes.class).fileKey())
                .isEqualTo(Files.readAttributes(copy.resolve("etc/conf.d/a"), BasicFileAttributes.class).fileKey());
        // PAX keeps sub-second times, to 100 ns with commons-compress.
        assertThat(Files.getLastModifiedTime(copy.resolve("etc/conf.d/a")).to(java.util.concurrent.TimeUnit.MICROSECONDS))
                .isEqualTo(Files.getLastModifiedTime(src.resolve("etc/conf.d/a")).to(java.util.concurrent.TimeUnit.MICROSECONDS));
    }

    @Test
    void pack_sameTreeTwice_givesTheSameDiffId() throws Exception {
        Path src = tree();
        assertThat(new LayerPacker().pack(src, new ByteArrayOutputStream()))
                .isEqualTo(new LayerPacker().pack(src, new ByteArrayOutputStream()));
    }

    @Test
    void pack_opaqueDirectory_writesTheOpaqueMarker() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/var/cache"));
        Files.getFileAttributeView(src, UserDefinedFileAttributeView.class)
                .write("overlay.opaque", ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LayerPacker().pack(dir.resolve("src"), out);
        assertThat(names(out.toByteArray())).containsExactly("var/", "var/cache/", "var/cache/.wh..wh..opq");
    }

    @Test
    void pack_intoBlobStore_storesAnUncompressedLayer() throws Exception {
        Path src = tree();
        BlobStore blobs = new BlobStore(dir.resolve("oci"));
        Descriptor layer = new LayerPacker().pack(src, blobs);
        assertThat(layer.mediaType()).isEqualTo(MediaTypes.OCI_LAYER_TAR);
        assertThat(names(blobs.read(layer.digest()))).contains("etc/", "etc/conf.d/a", "etc/hard", "etc/link");
        assertThat(Files.exists(dir.resolve("src/etc/conf.d/a"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    static List<String> names(byte[] tar) throws Exception {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
