package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real device nodes (root only): a layer carrying /dev/ptmx, /dev/null and a fifo unpacks with their modes. */
class LayerUnpackerDevicesIT {
    @TempDir
    Path dir;

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void unpack_ptmxNullAndFifo_createsThemWithTheirModes() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path layer = Files.createDirectory(dir.resolve("layer"));
        byte[] tar = new LayerTar().dir("dev", 0755).charDevice("dev/ptmx", 5, 2).charDevice("dev/null", 1, 3)
            .fifo("run/pipe").tar();

        UnpackResult result = new LayerUnpacker(new HostSpecialFileWriter(), true)
            .unpack(new ByteArrayInputStream(tar), layer);

        assertThat(result.skipped()).isEmpty();
        for (String node : new String[] {"dev/ptmx", "dev/null"}) {
            assertThat(Files.getAttribute(layer.resolve(node), "unix:mode", LinkOption.NOFOLLOW_LINKS))
                .as(node).isEqualTo(020666);
        }
        assertThat((int) Files.getAttribute(layer.resolve("run/pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777)
            .isEqualTo(0600);
    }
}
