package io.drydock.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The host a certificate is for.
 *
 * @param hostname       the host's name
 * @param kernel         the kernel release
 * @param cgroupMode     v1, v2, hybrid or none: the mode the resource tests ran on
 * @param drydockVersion drydock's version
 */
public record HostInfo(String hostname, String kernel, String cgroupMode, String drydockVersion) {
    public HostInfo {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(cgroupMode, "cgroupMode");
        Objects.requireNonNull(drydockVersion, "drydockVersion");
    }

    /** This host. */
    public static HostInfo current() {
        String v = HostInfo.class.getPackage().getImplementationVersion();
        return new HostInfo(read("/proc/sys/kernel/hostname"), read("/proc/sys/kernel/osrelease"), HostCgroups.mode(),
            v == null ? "development build" : v);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
