package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.platform.InstanceSpec;
import io.drydock.platform.PlatformException;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.network.BridgeNetwork;
import io.drydock.runtime.network.PortMapping;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.vm.Hypervisor;
import io.drydock.vm.VmDriver;
import io.drydock.vm.VmException;
import io.drydock.vm.VmSpec;
import io.drydock.vm.libvirt.LibvirtHypervisor;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * libvirtd restarted under a running VM ({@code scripts/libvirt restart}: the daemon alone; QEMU
 * and virtlogd, and everyone's domains, keep running). The connection drydock held then fails with
 * an error naming libvirt, a new connection (the retry) finds the VM still running, and removing
 * it through the new connection leaves nothing: no domain, tap, rules or files.
 */
class LibvirtRestartIT {
    private static final Path LIBVIRT_SCRIPT = Path.of("..", "scripts", "libvirt").toAbsolutePath().normalize();
    private static final Path LIBVIRTD_PID = Path.of("/run/libvirtd.pid");

    private static SoakHost host;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue("0".equals(HostInventory.run("id", "-u").strip()), "needs root: VMs, bridges");
        assumeTrue(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX), "needs busybox-static");
        assumeTrue(Files.exists(LIBVIRTD_PID), "needs a libvirtd started by scripts/libvirt (its pid file " + LIBVIRTD_PID
            + "): only such a daemon is restarted");
        host = new SoakHost("lvrs");
    }

    @AfterAll
    static void close() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void libvirtdRestartedUnderARunningVm_oldConnectionFailsClearly_aNewOneFindsAndRemovesIt() throws Exception {
        Path vmDir = host.state.resolve("vm");
        Files.createDirectories(vmDir.resolve("starting"));
        for (Path p : List.of(host.dir, host.state, vmDir)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path rootfs = host.dir.resolve("rootfs");
        BusyboxRootfs.build(rootfs);
        String name = host.vmPrefix + "00000001";
        VmDriver first = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), vmDir);
        HostInventory.Snapshot before = host.inventory.take();
        VmPlatform platform = new VmPlatform(first, BridgeNetwork.onHost(host.network), Duration.ofMinutes(5));
        try {
            VmSpec spec = VmPlatform.toVmSpec(name, "busybox", new InstanceSpec(rootfs, List.of("sleep", "600"),
                List.of("PATH=/bin"), new InstanceSpec.Limits(256L << 20, 1.0, null)));
            VmPlatform.VmInstance vm = platform.start(spec, List.of(PortMapping.parse("127.0.0.1:" + freePort() + ":80")));
            vm.awaitReady();

            String pidBefore = Files.readString(LIBVIRTD_PID).strip();
            SoakHost.Result restart = host.exec(java.util.Map.of(), List.of(LIBVIRT_SCRIPT.toString(), "restart"));
            assertThat(restart.code()).as(restart.err()).isZero();
            assertThat(Files.readString(LIBVIRTD_PID).strip()).as("a new libvirtd").isNotEqualTo(pidBefore);

            // The old connection: an error that names libvirt, not a hang or a silent wrong answer.
            String oldAnswer;
            try {
                oldAnswer = "answered: " + first.hypervisor().state(name);
            } catch (VmException e) {
                oldAnswer = "failed: " + e.getMessage();
            }
            SoakHost.figures("libvirtd restarted under a running VM: the connection held before " + oldAnswer);
            assertThat(oldAnswer).satisfiesAnyOf(
                a -> assertThat(a).startsWith("failed: ").containsIgnoringCase("libvirt"),
                a -> assertThat(a).isEqualTo("answered: Optional[" + Hypervisor.DomainState.RUNNING + "]"));
        } finally {
            try {
                platform.close();
            } catch (PlatformException e) {
                // The connection libvirtd dropped may refuse to close cleanly: that is the restart's doing.
                SoakHost.figures("closing the connection held before the restart: " + e.getMessage());
            }
        }

        // The retry: a new connection finds the VM running through the restart, and removes it all.
        VmDriver second = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), vmDir);
        try (VmPlatform retry = new VmPlatform(second, BridgeNetwork.onHost(host.network), Duration.ofMinutes(5))) {
            assertThat(second.hypervisor().state(name)).contains(Hypervisor.DomainState.RUNNING);
            retry.remove(name);
        } catch (PlatformException e) {
            throw new AssertionError("removing " + name + " after the restart: " + e.getMessage(), e);
        }
        HostInventory.Diff after = HostInventory.diff(before, host.inventory.take());
        SoakHost.figures("libvirtd restarted under a running VM; after removing it through a new connection, left: " + after);
        assertThat(after.isEmpty()).as("after the restart and the removal: %s", after).isTrue();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
