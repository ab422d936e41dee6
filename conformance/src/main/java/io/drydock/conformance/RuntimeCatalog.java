package io.drydock.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Turns what a user names on {@code drydock certify --runtime} into a {@link RuntimeUnderTest}:
 * {@code drydock-runc} (next to the drydock that runs), {@code runc}, {@code crun}, {@code youki}
 * (looked up on PATH), a path to any runc-compatible binary, or {@code vm}: drydock's VM platform.
 */
public final class RuntimeCatalog {
    /** The runtimes certify knows by name. */
    public static final List<String> KNOWN = List.of("drydock", "drydock-runc", "runc", "crun", "youki", "vm");
    /** How certify names drydock's VM platform. */
    public static final String VM = "vm";
    /** The libvirt connection the VM platform uses. */
    private static final String SYSTEM_URI = "qemu:///system";

    private final Path drydockHome;
    private final Path work;

    /**
     * @param drydockHome the distribution directory (holds bin/drydock-runc), or null when unknown
     * @param work        a directory for wrappers this catalog writes
     */
    public RuntimeCatalog(Path drydockHome, Path work) {
        this.drydockHome = drydockHome;
        this.work = work;
    }

    /**
     * Resolves {@code value}.
     *
     * @throws CertificationException naming the value when no such runtime is on this host
     */
    public RuntimeUnderTest resolve(String value) throws CertificationException {
        if (value == null || value.isBlank()) {
            throw new CertificationException("--runtime: empty value; give one of " + String.join(", ", KNOWN) + " or a path");
        }
        if (value.equals("drydock")) {
            String v = RuntimeCatalog.class.getPackage().getImplementationVersion();
            return new RuntimeUnderTest("drydock", List.of("drydock-api"), "drydock " + (v == null ? "development build" : v),
                true, List.of(), "drydock's runtime through its Java API, in the certifying JVM", true);
        }
        if (value.equals(VM)) {
            return vm();
        }
        if (value.equals("drydock-runc")) {
            if (drydockHome == null) {
                throw new CertificationException("--runtime drydock-runc: drydock's home is unknown (run certify from bin/drydock, or give the path to drydock-runc)");
            }
            Path bin = drydockHome.resolve("bin/drydock-runc");
            return binary("drydock-runc", bin, true);
        }
        if (value.contains("/")) {
            Path bin = Path.of(value).toAbsolutePath();
            boolean drydock = bin.getFileName().toString().equals("drydock-runc");
            return binary(drydock ? "drydock-runc" : bin.getFileName().toString(), bin, drydock);
        }
        Path bin = onPath(value).orElseThrow(() -> new CertificationException("--runtime " + value
            + ": no such runtime on PATH; give one of " + String.join(", ", KNOWN) + " or a path to a runc-compatible binary"));
        if (value.equals("crun") && HostCgroups.isHybrid()) {
            return crunOnHybridHost(bin);
        }
        return binary(value, bin, false);
    }

    /**
     * drydock's VM platform: libvirt's {@code qemu:///system} with QEMU; its version is the running
     * libvirt's and QEMU's, and QEMU is the binary a guest must never be able to write.
     *
     * @throws CertificationException when QEMU is not installed or libvirtd does not answer
     */
    static RuntimeUnderTest vm() throws CertificationException {
        Path qemu = onPath("qemu-system-x86_64").orElseThrow(() -> new CertificationException(
            "--runtime vm: qemu-system-x86_64 is not on PATH (apt-get install qemu-system-x86)"));
        Path virsh = onPath("virsh").orElseThrow(() -> new CertificationException(
            "--runtime vm: virsh is not on PATH (apt-get install libvirt-clients libvirt-daemon-system)"));
        List<String> lines = versionLines(List.of(virsh.toString(), "-c", SYSTEM_URI, "version"));
        String libvirt = valueOf(lines, "Using library:");
        String hypervisor = valueOf(lines, "Running hypervisor:");
        if (libvirt == null || hypervisor == null) {
            throw new CertificationException("--runtime vm: libvirtd does not answer on " + SYSTEM_URI
                + " (start it with scripts/libvirt start): " + String.join(" ", lines));
        }
        return new RuntimeUnderTest(VM, List.of("libvirt", SYSTEM_URI), hypervisor + ", " + libvirt, false, List.of(realPath(qemu)),
            "drydock's VM platform: busybox guests booted by drydock's VM driver through libvirt (KVM where /dev/kvm works, "
                + "else TCG); certified on the claims that apply to a VM (isolation, port mapping, copy-on-write, cleanup)",
            false, true);
    }

    /** The text after {@code key} on the line that starts with it, or null. */
    static String valueOf(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(key.length()).strip())
            .filter(v -> !v.isEmpty()).findFirst().orElse(null);
    }

    /** Every line {@code command} prints (output and errors), or what went wrong running it. */
    private static List<String> versionLines(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of(String.join(" ", command) + " did not finish in 20 s");
            }
            return new String(out, StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            return List.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    private RuntimeUnderTest binary(String name, Path bin, boolean drydock) throws CertificationException {
        if (!Files.isExecutable(bin)) {
            throw new CertificationException("--runtime " + name + ": " + bin + " is missing or not executable");
        }
        return new RuntimeUnderTest(name, List.of(bin.toString()), version(List.of(bin.toString(), "--version")), drydock,
            List.of(realPath(bin)), "", false);
    }

    /**
     * crun on a hybrid host: crun takes the cgroup2 mount at /sys/fs/cgroup/unified, which has no
     * controllers here, for the cgroup hierarchy; each call runs in a private mount namespace
     * without it, so crun falls back to the v1 controllers.
     */
    private RuntimeUnderTest crunOnHybridHost(Path crun) throws CertificationException {
        Path wrapper = work.resolve("crun-without-unified");
        try {
            Files.createDirectories(work);
            Files.writeString(wrapper, """
                #!/bin/sh
                # crun in a private mount namespace without the empty cgroup v2 mount of this hybrid host.
                exec unshare --mount --propagation private sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; exec "$0" "$@"' %s "$@"
                """.formatted(crun), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new CertificationException("cannot write the crun wrapper " + wrapper + ": " + e.getMessage(), e);
        }
        return new RuntimeUnderTest("crun", List.of(wrapper.toString()), version(List.of(crun.toString(), "--version")), false,
            List.of(realPath(crun)), "run in a private mount namespace without the empty cgroup v2 mount at "
                + "/sys/fs/cgroup/unified (this host is hybrid: the controllers are on cgroup v1)", false);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    /** The first line the command prints, or "unknown" (a runtime without --version is still testable). */
    static String version(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String first = new String(out, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            return first.isEmpty() ? "unknown" : first;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
