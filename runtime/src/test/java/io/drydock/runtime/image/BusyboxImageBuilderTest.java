package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxImageBuilderTest {
    @TempDir
    Path root;

    @Test
    void build_hostBusybox_makesARunnableLookingOneLayerImage() throws Exception {
        assumeThat(BusyboxImageBuilder.HOST_BUSYBOX).as("busybox-static provides /bin/busybox").isRegularFile();
        ImageStore store = TestImages.store(root);
        Image image = new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX).build(store, BusyboxImageBuilder.DEFAULT_NAME);

        assertThat(image.names()).containsExactly(ImageReference.parse("busybox:latest"));
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(image.config().env()).containsExactly(BusyboxImageBuilder.PATH);
        assertThat(image.manifest().layers()).hasSize(1);

        Path layer = store.unpack(image).get(0);
        assertThat(Files.mismatch(layer.resolve("bin/busybox"), BusyboxImageBuilder.HOST_BUSYBOX)).isEqualTo(-1);
        assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).hasToString("busybox");
        assertThat(layer.resolve("etc/passwd")).content().contains("root:x:0:0:", "nobody:x:65534:");
        assertThat(layer.resolve("etc/group")).content().contains("root:x:0:", "nobody:x:65534:");
        for (String mountPoint : new String[] {"hosts", "hostname", "resolv.conf"}) {
            assertThat(layer.resolve("etc").resolve(mountPoint)).as("engine's bind mount point").isRegularFile().isEmptyFile();
        }
        assertThat((Integer) Files.getAttribute(layer.resolve("tmp"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777)
                .isEqualTo(01777);
        for (String d : new String[] {"proc", "sys", "dev"}) {
            assertThat(layer.resolve(d)).isEmptyDirectory();
        }
    }

    @Test
    void build_twice_givesTheSameDigests() throws Exception {
        assumeThat(BusyboxImageBuilder.HOST_BUSYBOX).as("busybox-static provides /bin/busybox").isRegularFile();
        BusyboxImageBuilder builder = new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX);
        Image first = builder.build(TestImages.store(root.resolve("a")), BusyboxImageBuilder.DEFAULT_NAME);
        Image second = builder.build(TestImages.store(root.resolve("b")), BusyboxImageBuilder.DEFAULT_NAME);
        assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());
    }

    @Test
    void build_missingBinary_namesIt() {
        Path missing = root.resolve("no-busybox");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BusyboxImageBuilder(missing)
                        .build(TestImages.store(root.resolve("s")), BusyboxImageBuilder.DEFAULT_NAME))
                .isInstanceOf(ImageException.class).hasMessageContaining(missing.toString());
    }
}
