package io.drydock.runtime.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The smallest real workload root filesystem: the host's static busybox (Debian's busybox-static)
 * with its applets, /etc/passwd and /etc/group, and empty mount points. Every platform runs the
 * same directory.
 */
public final class BusyboxRootfs {
    /** Where Debian's busybox-static installs the binary. */
    public static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    /** The applets linked in /bin: what workloads and tests call. */
    static final List<String> APPLETS = List.of("sh", "true", "false", "echo", "cat", "ls", "id", "hostname", "mount",
        "sleep", "ps", "head", "tr", "wc", "grep", "sed", "awk", "dd", "yes", "nc", "httpd", "mkdir", "rm", "touch",
        "ip", "ifconfig", "env", "stat", "uname", "kill", "top", "free", "df", "readlink", "seq", "test", "[", "date");

    private BusyboxRootfs() {}

    /** Builds the rootfs in {@code dir} (created if missing) and returns it. */
    public static Path build(Path dir) throws IOException {
        if (!Files.isExecutable(HOST_BUSYBOX)) {
            throw new IOException(HOST_BUSYBOX + " is missing: install busybox-static (scripts/setup does)");
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(HOST_BUSYBOX, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Path link = bin.resolve(applet);
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of("busybox"));
            }
        }
        for (String d : List.of("proc", "sys", "dev", "etc", "root", "run", "var")) {
            Files.createDirectories(dir.resolve(d));
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        return dir;
    }
}
