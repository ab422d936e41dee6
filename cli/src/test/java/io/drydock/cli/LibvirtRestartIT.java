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
 *
 * <p>It restarts the libvirtd that scripts/libvirt started (its pid file, or
 * DRYDOCK_LIBVIRTD_PIDFILE's): in CI, the suite's own. On a host shared with other users of
 * libvirt, run it against a private daemon instead, in a mount namespace with its own
 * /run/libvirt: {@code unshare -m sh -c 'mount -t tmpfs tmpfs /run/libvirt &&
 * DRYDOCK_LIBVIRTD_PIDFILE=/tmp/l.pid DRYDOCK_VIRTLOGD_PIDFILE=/tmp/v.pid scripts/libvirt start && ...'}.
 */
class LibvirtRestartIT {
    private static final Path LIBVIRT_SCRIPT = Path.of("..", "scripts", "libvirt").toAbsolutePath().normalize();
    private static final Path LIBVIRTD_PID = Path.of(System.getenv().getOrDefault("DRYDOCK_LIBVIRTD_PIDFILE", "/run/libvirtd.pid"));

    private static SoakHost host;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue("0".equals(HostInventory.run("id", "-u").strip()), "needs root: VMs, bridges");
        assumeTrue(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX), "needs busybox-static");
        assumeTrue(Files.exists(LIBVIRTD_PID), "needs a libvirtd started by scripts/libvirt (its pid file " + LIBVIRTD_PID
            + "): only such a daemon is restarted");
        host = new SoakHost("lvrs");
        // The JDK keeps one socket of its own open from the first socket on: made before any baseline.
        freePort();
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
        // The network's state is made by its first attachment and stays: made before the baseline.
        assertThat(host.runForeground(io.drydock.runtime.engine.RunOptions.of("busybox", List.of("true")).removedOnExit()))
            .isZero();
        // A first connection, open across both snapshots: loading libvirt into this JVM opens fds of
        // its own (JNA's stub, an event loop) and probes the accelerator into the VM directory once.
        VmDriver warm = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), vmDir);
        try {
            HostInventory.Snapshot before = host.inventory.take();
            VmDriver first = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), vmDir);
            try {
                restartUnder(first, vmDir, rootfs, name, before);
            } finally {
                removeQuietly(vmDir, name);
            }
        } finally {
            try {
                warm.close();
            } catch (VmException e) {
                // its daemon was restarted under it, as the test meant
            }
        }
    }

    private static void restartUnder(VmDriver first, Path vmDir, Path rootfs, String name, HostInventory.Snapshot before)
            throws Exception {
        VmPlatform platform = new VmPlatform(first, BridgeNetwork.onHost(host.network), Duration.ofMinutes(5));
        try {
            VmSpec spec = VmPlatform.toVmSpec(name, "busybox", new InstanceSpec(rootfs, List.of("sleep", "600"),
                List.of("PATH=/bin"), new InstanceSpec.Limits(256L << 20, 1.0, null)));
            VmPlatform.VmInstance vm = platform.start(spec, List.of(PortMapping.parse("127.0.0.1:" + freePort() + ":80")));
            vm.awaitReady();

            String pidBefore = Files.readString(LIBVIRTD_PID).strip();
            // This JVM is a subreaper once an in-process engine ran in it: the new libvirtd, and every
            // QEMU it daemonizes, would re-parent to it and stay zombies (the JVM reaps only the
            // processes it started). Not a subreaper while libvirtd starts, they re-parent to init.
            SoakHost.SYS.clearChildSubreaper();
            SoakHost.Result restart;
            try {
                restart = host.exec(java.util.Map.of(), List.of(LIBVIRT_SCRIPT.toString(), "restart"));
            } finally {
                SoakHost.SYS.setChildSubreaper();
            }
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
        // libvirt itself leaves the domain's machine cgroups behind when it was restarted under the
        // domain (the new daemon does not remove what the old one made): empty, reported, removed here.
        List<Path> stale = staleMachineCgroups(name);
        if (!stale.isEmpty()) {
            SoakHost.figures("libvirt left " + stale.size() + " empty machine cgroups of " + name + " after its restart; removed");
        }
        for (Path dir : stale) {
            Files.deleteIfExists(dir);
        }
        assertThat(staleMachineCgroups(name)).as("libvirt's machine cgroups of %s", name).isEmpty();
        HostInventory.Diff after = HostInventory.diff(before, host.inventory.take());
        // The restarted libvirtd daemonizes from a child of this JVM, which as a subreaper adopts it:
        // it is the daemon the test restarted, not something drydock left.
        after.appeared().computeIfPresent(HostInventory.PROCESSES, (k, v) -> {
            v.removeIf(p -> p.matches("\\d+ libvirtd [A-Z]"));
            return v.isEmpty() ? null : v;
        });
        SoakHost.figures("libvirtd restarted under a running VM; after removing it through a new connection, left: " + after);
        assertThat(after.isEmpty()).as("after the restart and the removal: %s", after).isTrue();
    }

    /** After a failure: the VM goes through a new connection, so that no domain, tap or rule outlives the test. */
    private static void removeQuietly(Path vmDir, String name) {
        try (VmPlatform p = new VmPlatform(VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), vmDir),
                BridgeNetwork.onHost(host.network), Duration.ofMinutes(1))) {
            if (p.driver().hypervisor().state(name).isPresent() || p.attachment(name).isPresent()) {
                p.remove(name);
            }
        } catch (Exception e) {
            System.err.println("LibvirtRestartIT: removing " + name + " failed: " + e.getMessage());
        }
    }

    /** libvirt's machine cgroups of domain {@code name} in every hierarchy (v1 and v2), deepest first. */
    private static List<Path> staleMachineCgroups(String name) throws java.io.IOException {
        List<Path> found = new java.util.ArrayList<>();
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                for (Path machine : List.of(h.resolve("machine"), h.resolve("machine.slice"))) {
                    if (!Files.isDirectory(machine)) {
                        continue;
                    }
                    List<Path> ofDomain;
                    try (var walk = Files.walk(machine)) {
                        ofDomain = walk.filter(Files::isDirectory)
                            .filter(d -> d.getFileName().toString().contains(name)).toList();
                    }
                    for (Path d : ofDomain) {
                        try (var below = Files.walk(d)) { // with its emulator and vcpuN children
                            below.filter(Files::isDirectory).forEach(found::add);
                        }
                    }
                }
            }
        }
        found.sort(java.util.Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
