package io.drydock.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kernel a guest boots and the modules that belong to it.
 *
 * @param release    the kernel release (uname -r), e.g. 6.1.0-56-cloud-amd64
 * @param image      the bootable image (vmlinuz)
 * @param modulesDir its /lib/modules/RELEASE directory
 * @param source     "host" when it is the running kernel, "packaged" otherwise (recorded with results)
 */
public record GuestKernel(String release, Path image, Path modulesDir, String source) {
    public GuestKernel {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(modulesDir, "modulesDir");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Chooses the guest kernel: the host's own when /boot has its image and /lib/modules its modules,
     * else the newest packaged cloud kernel (Debian's linux-image-cloud-amd64).
     *
     * @param boot        usually /boot
     * @param modulesRoot usually /lib/modules
     * @param hostRelease the running kernel's release (uname -r)
     * @throws VmException when no kernel with modules is found, naming where it looked
     */
    public static GuestKernel find(Path boot, Path modulesRoot, String hostRelease) throws VmException {
        Path hostImage = boot.resolve("vmlinuz-" + hostRelease);
        if (Files.isRegularFile(hostImage) && Files.isRegularFile(modulesRoot.resolve(hostRelease).resolve("modules.dep"))) {
            return new GuestKernel(hostRelease, hostImage, modulesRoot.resolve(hostRelease), "host");
        }
        Optional<GuestKernel> packaged = packaged(boot, modulesRoot);
        return packaged.orElseThrow(() -> new VmException("find kernel", "no guest kernel: neither " + hostImage
            + " (the host's) nor " + boot + "/vmlinuz-*-cloud-amd64 with " + modulesRoot + "/RELEASE/modules.dep;"
            + " install linux-image-cloud-amd64 (scripts/setup --vm)"));
    }

    /** The host's kernel if bootable, else a packaged one; from /boot and /lib/modules. */
    public static GuestKernel find() throws VmException {
        return find(Path.of("/boot"), Path.of("/lib/modules"), hostRelease());
    }

    /** The running kernel's release, from /proc/sys/kernel/osrelease. */
    public static String hostRelease() throws VmException {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            throw new VmException("find kernel", "read /proc/sys/kernel/osrelease: " + e.getMessage(), e);
        }
    }

    private static Optional<GuestKernel> packaged(Path boot, Path modulesRoot) throws VmException {
        if (!Files.isDirectory(boot)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(boot)) {
            return s.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("vmlinuz-") && n.endsWith("-cloud-amd64"))
                .map(n -> n.substring("vmlinuz-".length()))
                .filter(r -> Files.isRegularFile(modulesRoot.resolve(r).resolve("modules.dep")))
                .max(Comparator.naturalOrder())
                .map(r -> new GuestKernel(r, boot.resolve("vmlinuz-" + r), modulesRoot.resolve(r), "packaged"));
        } catch (IOException e) {
            throw new VmException("find kernel", "list " + boot + ": " + e.getMessage(), e);
        }
    }
}
