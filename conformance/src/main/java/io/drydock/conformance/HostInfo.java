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

    /** This host, with drydock's version as this module's jar records it. */
    public static HostInfo current() {
        return current(HostInfo.class.getPackage().getImplementationVersion());
    }

    /** This host, with {@code drydockVersion} (null for a development build). */
    public static HostInfo current(String drydockVersion) {
        return new HostInfo(read("/proc/sys/kernel/hostname"), read("/proc/sys/kernel/osrelease"), HostCgroups.mode(),
            drydockVersion == null ? "development build" : drydockVersion);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
