package io.drydock.runtime.image;

import java.util.Locale;
import java.util.Objects;

/**
 * An OS and CPU architecture as OCI names them ({@code linux}, {@code amd64}).
 *
 * @param os           e.g. {@code linux}
 * @param architecture GOARCH style, e.g. {@code amd64}, {@code arm64}
 * @param variant      e.g. {@code v8}, or {@code null}
 */
public record Platform(String os, String architecture, String variant) {

    /** Requires os and architecture. */
    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        if (os.isBlank() || architecture.isBlank()) {
            throw new IllegalArgumentException("platform: os and architecture must not be blank");
        }
    }

    /** This JVM's platform, with Java's {@code os.arch} mapped to OCI's names. */
    public static Platform host() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String oci = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
        return new Platform("linux", oci, null);
    }
}
