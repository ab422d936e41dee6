package io.drydock.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** A busybox rootfs for VM tests (vm-driver cannot use the platform module's BusyboxRootfs). */
public final class GuestRootfs {
    private GuestRootfs() {}

    public static Path busybox(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String a : List.of("sh", "echo", "cat", "nproc", "free", "grep", "dd", "sha256sum", "httpd", "ip", "sleep", "true")) {
            Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
        }
        for (String d : List.of("etc", "root", "tmp", "proc", "sys", "dev")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        return dir;
    }

    /** Starts libvirtd through scripts/libvirt (idempotent) so ITs run where no service manager does. */
    public static void startLibvirt() throws IOException, InterruptedException {
        Path script = Path.of("..", "scripts", "libvirt").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(script.toString(), "start").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(script + " start failed with " + p.exitValue());
        }
    }
}
