package io.drydock.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsCommandTest {
    @TempDir
    Path rootfs;

    private void fixture() throws Exception {
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Path bb = Files.writeString(bin.resolve("busybox"), "#!");
        Files.setPosixFilePermissions(bb, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(bin.resolve("echo"), Path.of("busybox"));
        Files.createDirectories(rootfs.resolve("usr"));
        // An absolute link must resolve inside the rootfs, not on the host.
        Files.createSymbolicLink(rootfs.resolve("usr/bin"), Path.of("/bin"));
        Files.writeString(bin.resolve("data"), "not executable");
    }

    @Test
    void resolve_nameOnPath_followsLinksInsideRootfs() throws Exception {
        fixture();
        assertThat(RootfsCommand.resolve(rootfs, "echo", List.of("PATH=/usr/bin"))).hasValue(rootfs.resolve("bin/busybox"));
        assertThat(RootfsCommand.resolve(rootfs, "/usr/bin/echo", List.of())).hasValue(rootfs.resolve("bin/busybox"));
    }

    @Test
    void resolve_missingOrNotExecutable_isEmpty() throws Exception {
        fixture();
        assertThat(RootfsCommand.resolve(rootfs, "nginx", List.of("PATH=/bin"))).isEmpty();
        assertThat(RootfsCommand.resolve(rootfs, "/bin/data", List.of())).isEmpty();
        assertThat(RootfsCommand.resolve(rootfs, "echo", List.of("PATH=/sbin"))).isEmpty();
    }
}
