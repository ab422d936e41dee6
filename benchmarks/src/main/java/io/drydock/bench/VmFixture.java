package io.drydock.bench;

import io.drydock.platform.PlatformException;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.engine.EngineException;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.network.NetworkAttachment;
import io.drydock.runtime.network.PortMapping;
import io.drydock.vm.VmDriver;
import io.drydock.vm.VmException;
import io.drydock.vm.VmSpec;
import io.drydock.vm.libvirt.LibvirtHypervisor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A libvirt VM of a benchmark's own, booted from one of an {@link EngineFixture}'s images and put
 * on that fixture's bridge with port mappings, as {@code drydock vm run -p} does on the default
 * network: a VM and a container of the same benchmark share one bridge, one address pool and the
 * same DNAT from 127.0.0.1. The VM's files live under the fixture's directory. {@link #close}
 * removes the VM (domain, files, tap, address, port mappings); close it before the engine fixture.
 */
final class VmFixture implements AutoCloseable {
    /** How long a guest may take to boot to its init's ready report (TCG boots take seconds to minutes). */
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> GUEST_ENV = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

    private final VmPlatform platform;
    private final VmPlatform.VmInstance instance;

    private VmFixture(VmPlatform platform, VmPlatform.VmInstance instance) {
        this.platform = platform;
        this.instance = instance;
    }

    /**
     * Boots {@code image} with {@code args} as its workload, maps {@code ports} to it, and returns
     * once the guest init reports ready (the workload is then being executed; whether its server
     * listens yet is for the caller to find out). Prints the accelerator, kernel and root mode.
     * On failure nothing of the VM is left.
     *
     * @param engine the fixture whose image store and bridge network the VM uses
     * @param image  a one-layer image of the fixture's store (busybox, debian-bench), built on first use
     * @param label  the benchmark's name in the printed line
     */
    static VmFixture boot(EngineFixture engine, String image, List<String> args, long memoryMiB, VmSpec.RootMode root,
            List<PortMapping> ports, String label) throws IOException, EngineException, PlatformException {
        Path rootfs = rootfsOf(engine, image);
        // QEMU runs as libvirt's user: it must pass through the fixture's directory to the VM files.
        Files.setPosixFilePermissions(engine.work, PosixFilePermissions.fromString("rwx--x--x"));
        VmDriver driver;
        try {
            // A disk root's ext4 base is built from the image once per host and kept (keyed by the layer's path).
            Path stateRoot = root == VmSpec.RootMode.DISK ? Files.createDirectories(WorkloadFixture.CACHE.resolve("vm"))
                : engine.work.resolve("vm");
            driver = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), stateRoot);
        } catch (VmException e) {
            throw new PlatformException(VmPlatform.NAME, e.getMessage(), e);
        }
        VmPlatform platform = new VmPlatform(driver, engine.engine.network(), BOOT_TIMEOUT);
        try {
            System.out.println(label + ": accelerator " + driver.accelerator().verdict().label() + " ("
                + driver.accelerator().reason() + "), kernel " + driver.kernel().release() + ", image " + image + " from "
                + (root == VmSpec.RootMode.DISK ? "an ext4 disk with a qcow2 overlay" : "an initramfs") + ", " + memoryMiB
                + " MiB");
            VmSpec spec = new VmSpec(VmPlatform.newName(), image, rootfs, args, GUEST_ENV, "/", 0, 0, memoryMiB, 1, null, root);
            VmPlatform.VmInstance instance = platform.start(spec, ports);
            try {
                instance.awaitReady();
            } catch (PlatformException | RuntimeException e) {
                try {
                    instance.close();
                } catch (PlatformException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            return new VmFixture(platform, instance);
        } catch (PlatformException | RuntimeException e) {
            try {
                platform.close();
            } catch (PlatformException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The image's root filesystem: its single unpacked layer, the same directory a container's overlay reads. */
    private static Path rootfsOf(EngineFixture engine, String image) throws IOException {
        Image img = engine.engine.image(image);
        List<Path> layers = engine.engine.images().unpack(img);
        if (layers.size() != 1) {
            throw new IOException("image " + image + " has " + layers.size() + " layers; a benchmark VM boots one-layer images");
        }
        return layers.getFirst();
    }

    /** The VM's address on the bridge and its port mappings. */
    NetworkAttachment attachment() {
        return instance.attachment().orElseThrow();
    }

    /** The VM's name (its libvirt domain). */
    String name() {
        return instance.id();
    }

    /** The guest's serial console so far, for error messages. */
    String console() {
        try {
            return platform.driver().logs(instance.id());
        } catch (VmException e) {
            return "(console unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws PlatformException {
        try {
            instance.close();
        } finally {
            platform.close();
        }
    }
}
