package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a container's /etc/passwd from the host never reads a host file through a link. */
class ReadInsideTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheContainersOwnFile() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("passwd"), "app:x:1000:1000::/:/bin/sh\n");
        assertThat(Engine.readInside(tmp.resolve("rootfs"), "etc/passwd")).contains("app:x:1000");
    }

    @Test
    void aLinkedEtcDirectoryOutsideTheRootfs_readsAsEmpty() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host-etc"));
        Files.writeString(host.resolve("passwd"), "secret:x:0:0::/:/bin/sh\n");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createSymbolicLink(rootfs.resolve("etc"), host);
        assertThat(Engine.readInside(rootfs, "etc/passwd")).isEmpty();
    }

    @Test
    void aLinkedFileOutsideTheRootfs_readsAsEmpty_andALinkInsideIsFollowed() throws Exception {
        Path outside = Files.writeString(tmp.resolve("group"), "wheel:x:10:\n");
        Path etc = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.createSymbolicLink(etc.resolve("group"), outside);
        assertThat(Engine.readInside(tmp.resolve("rootfs"), "etc/group")).isEmpty();
        Files.writeString(etc.resolve("passwd.real"), "app:x:1000:1000::/:/bin/sh\n");
        Files.createSymbolicLink(etc.resolve("passwd"), Path.of("passwd.real"));
        assertThat(Engine.readInside(tmp.resolve("rootfs"), "etc/passwd")).contains("app");
    }

    @Test
    void aMissingFile_readsAsEmpty() throws Exception {
        Files.createDirectories(tmp.resolve("rootfs"));
        assertThat(Engine.readInside(tmp.resolve("rootfs"), "etc/passwd")).isEmpty();
    }
}
