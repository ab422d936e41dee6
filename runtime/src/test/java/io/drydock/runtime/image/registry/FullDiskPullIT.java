package io.drydock.runtime.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.image.BusyboxImageBuilder;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk during a pull: the image store is a tmpfs of this test's own, too small for the
 * image's layer, and a registry the test starts on loopback serves the image. The pull fails with
 * an error that says the disk is full and names the store, the store keeps no blob whose bytes
 * miss its digest and no image; once the tmpfs is made bigger (remounted) the same pull succeeds.
 */
class FullDiskPullIT {
    private static final Syscalls SYS = new LinuxSyscalls();
    private static final int MS_REMOUNT = 32;

    @TempDir
    Path tmp;

    private DockerRegistryProcess registry;
    private Image busybox;
    private Path small;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: mounts a tmpfs");
        assumeTrue(Files.isExecutable(DockerRegistryProcess.BINARY), "needs docker-registry (apt docker-registry)");
        assumeTrue(Files.isExecutable(BusyboxImageBuilder.HOST_BUSYBOX), "needs busybox-static");
        registry = DockerRegistryProcess.start(Files.createDirectories(tmp.resolve("registry")));
        ImageStore source = store(tmp.resolve("source"));
        busybox = new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX).build(source, BusyboxImageBuilder.DEFAULT_NAME);
        RegistryClient.create(RegistryOptions.defaults(), line -> { })
            .push(busybox, ImageReference.parse(registry.host() + "/drydock/busybox:1"), source, List.of());
        small = Files.createDirectories(tmp.resolve("small"));
        // Smaller than the layer (busybox, about a megabyte compressed): the pull overflows it.
        SYS.mount("tmpfs", small.toString(), "tmpfs", 0, "size=256k,mode=0755");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (small != null) {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo")).reversed()) {
                String point = line.split(" ")[4];
                if (point.equals(small.toString()) || point.startsWith(small + "/")) {
                    SYS.umount2(point, 2 /* MNT_DETACH */);
                }
            }
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(small.toString());
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static ImageStore store(Path root) throws IOException {
        return new ImageStore(root, LayerUnpacker.forHost(), new SyscallOverlayMounter(SYS));
    }

    @Test
    void pullOntoAFullImageStore_failsNamingTheFullDisk_keepsNoBadBlob_andSucceedsOnceTheDiskIsBigger() throws Exception {
        ImageReference ref = ImageReference.parse(registry.host() + "/drydock/busybox:1");
        Digest layer = busybox.manifest().layers().get(0).digest();
        ImageStore target = store(small.resolve("images"));
        RegistryClient client = RegistryClient.create(RegistryOptions.defaults(), line -> { });

        assertThatThrownBy(() -> client.pull(ref, target))
            .isInstanceOf(IOException.class)
            .satisfies(e -> assertThat(chain(e)).containsIgnoringCase("no space left on device"))
            .satisfies(e -> assertThat(e.getMessage()).as("the top message names the full disk")
                .containsIgnoringCase("full").contains(small.toString()));
        assertThat(target.blobs().verifyAll()).as("blobs whose bytes miss their digest").isEmpty();
        assertThat(target.blobs().contains(layer)).as("the layer that did not fit").isFalse();
        assertThat(target.list()).isEmpty();

        SYS.mount("tmpfs", small.toString(), "tmpfs", MS_REMOUNT, "size=32m,mode=0755");
        Image pulled = client.pull(ref, target);
        assertThat(pulled.manifestDigest()).isEqualTo(busybox.manifestDigest());
        assertThat(target.blobs().verifyAll()).isEmpty();
        assertThat(target.unpack(pulled).get(0).resolve("bin/busybox")).isRegularFile();
    }

    /** The message and its causes', joined. */
    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
