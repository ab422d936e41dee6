package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.BridgeNetwork;
import io.drydock.runtime.network.PortMapping;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.vm.VmDriver;
import io.drydock.vm.VmException;
import io.drydock.vm.VmSpec;
import io.drydock.vm.libvirt.LibvirtHypervisor;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Load: container and VM lifecycles in loops leave nothing on the host. After each loop the
 * {@link HostInventory} (mounts, cgroups in every v1 hierarchy and in v2, links, iptables rules,
 * state files, this JVM's fds, processes, libvirt domains; all scoped to this class's own roots,
 * network, cgroup parent and VM names) must equal the one taken before it, and the JVM's fd count
 * must be what it was.
 *
 * <p>CI runs short loops; {@code scripts/soak} runs the full counts by setting the system
 * properties {@code soak.api} (sequential engine runs), {@code soak.runc} (sequential
 * {@code drydock-runc run}), {@code soak.concurrency} (containers at once, as threads and as
 * processes), {@code soak.cli} ({@code drydock run --rm -p}) and {@code soak.vm} (VM run/rm). With
 * {@code soak.progress} set it keeps one line of progress in that file, and it appends each loop's
 * figures to {@code soak.figures}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SoakIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SoakHost host;
    private static Path bundle;

    @BeforeAll
    static void open() throws Exception {
        assumeTrue("0".equals(HostInventory.run("id", "-u").strip()), "needs root: containers, mounts, cgroups, bridges");
        assumeTrue(Files.isExecutable(SoakHost.RUNC), "the distribution is built by `package` before integration tests");
        assumeTrue(Files.isExecutable(BusyboxRootfs.HOST_BUSYBOX), "needs busybox-static");
        host = new SoakHost("soak");
        // The JDK keeps one socket of its own open from the first socket on (NIO's pre-close
        // socket pair): made now, it is in every baseline and not taken for a leak.
        freePort();
        // A first run builds the busybox image and the network: what every later cycle shares.
        assertThat(host.runForeground(RunOptions.of("busybox", List.of("true")).removedOnExit())).isZero();
        Files.createDirectories(host.state.resolve("runc"));
        bundle = host.dir.resolve("bundle");
        BusyboxRootfs.build(bundle.resolve("rootfs"));
        SoakHost.Result spec = host.exec(Map.of(), List.of(SoakHost.RUNC.toString(), "spec", "--bundle", bundle.toString()));
        assertThat(spec.code()).as(spec.err()).isZero();
        Path cfg = bundle.resolve("config.json");
        ObjectNode c = (ObjectNode) JSON.readTree(cfg.toFile());
        ((ObjectNode) c.get("process")).put("terminal", false);
        ArrayNode args = ((ObjectNode) c.get("process")).putArray("args");
        args.add("true");
        JSON.writeValue(cfg.toFile(), c);
    }

    @AfterAll
    static void close() throws Exception {
        if (host != null) {
            host.close();
            // The whole class, after its own clean-up: nothing of it is left on the host.
            HostInventory.Snapshot end = host.inventory.take();
            for (String kind : List.of(HostInventory.MOUNTS, HostInventory.CGROUPS, HostInventory.LINKS,
                    HostInventory.IPTABLES, HostInventory.DOMAINS)) {
                assertThat(end.kinds().get(kind)).as(kind + " left at the end").isEmpty();
            }
        }
    }

    static int count(String property, int ciDefault) {
        return Integer.getInteger(property, ciDefault);
    }

    @Test
    @Order(1)
    void engineApi_sequentialRunRmCycles_leaveNothing() throws Exception {
        int n = count("soak.api", 100);
        loop("engine API run --rm (bridge network)", n, 1, i -> {
            int code = host.runForeground(RunOptions.of("busybox", List.of("true")).removedOnExit());
            assertThat(code).as("cycle %d", i).isZero();
        });
    }

    @Test
    @Order(2)
    void drydockRunc_sequentialRunCycles_leaveNothing() throws Exception {
        int n = count("soak.runc", 20);
        loop("drydock-runc run", n, 1, i -> runcRun("soak-" + host.suffix + "-" + i));
    }

    @Test
    @Order(3)
    void engineApi_concurrentThreads_leaveNothing() throws Exception {
        int n = count("soak.concurrency", 10);
        loop("engine API run --rm, concurrent threads", 1, n, i -> concurrently(n, k -> {
            int code = host.runForeground(RunOptions.of("busybox", List.of("true")).removedOnExit());
            assertThat(code).as("thread %d", k).isZero();
        }));
    }

    @Test
    @Order(4)
    void drydockRunc_concurrentProcesses_leaveNothing() throws Exception {
        int n = count("soak.concurrency", 10);
        loop("drydock-runc run, concurrent processes", 1, n,
            i -> concurrently(n, k -> runcRun("soakc-" + host.suffix + "-" + k)));
    }

    @Test
    @Order(5)
    void drydockRunRmPublished_sequentialCycles_leaveNothing() throws Exception {
        int n = count("soak.cli", 10);
        loop("drydock run --rm -p (bridge, port mapping)", n, 1, i -> {
            int port = freePort();
            SoakHost.Result r = host.exec(Map.of(), List.of(SoakHost.DRYDOCK.toString(), "run", "--rm", "-p",
                "127.0.0.1:" + port + ":80", "busybox", "sh", "-c", "test -n \"$(hostname)\""));
            assertThat(r.code()).as("cycle %d: %s", i, r.err()).isZero();
        });
    }

    @Test
    @Order(6)
    void vm_sequentialRunRmCycles_leaveNothing() throws Exception {
        int n = count("soak.vm", 2);
        Path vmDir = host.state.resolve("vm");
        // The platform's directory of start marks is made on first use: here, before the baseline.
        Files.createDirectories(vmDir.resolve("starting"));
        // QEMU may run as libvirt's user: it must reach the VMs' files.
        for (Path p : List.of(host.dir, host.state, vmDir)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        VmDriver driver;
        try {
            driver = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), vmDir);
        } catch (VmException e) {
            assumeTrue(false, "needs libvirt's qemu:///system and a guest kernel (scripts/libvirt start): " + e.getMessage());
            return;
        }
        Path rootfs = bundle.resolve("rootfs");
        try (VmPlatform vms = new VmPlatform(driver, BridgeNetwork.onHost(host.network), Duration.ofMinutes(5))) {
            AtomicInteger seq = new AtomicInteger();
            loop("VM run --rm (port mapping, TCG)", n, 1, i -> {
                String name = host.vmPrefix + String.format("%08x", seq.getAndIncrement());
                InstanceSpec is = new InstanceSpec(rootfs, List.of("true"), List.of("PATH=/bin"),
                    new InstanceSpec.Limits(256L << 20, 1.0, null));
                VmSpec spec = VmPlatform.toVmSpec(name, "busybox", is);
                VmPlatform.VmInstance vm = vms.start(spec, List.of(PortMapping.parse("127.0.0.1:" + freePort() + ":80")));
                try {
                    assertThat(vm.awaitExit()).as("VM cycle %d", i).isZero();
                } finally {
                    vm.close();
                }
            });
        }
    }

    // ------------------------------------------------------------------ helpers

    interface Cycle {
        void run(int i) throws Exception;
    }

    /**
     * Runs {@code cycles} cycles between two inventories and asserts they are equal (and the
     * JVM's fd count unchanged); records the figures.
     */
    private static void loop(String what, int cycles, int concurrency, Cycle cycle) throws Exception {
        HostInventory.Snapshot before = host.inventory.take();
        int fdsBefore = HostInventory.fdCount();
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            progress(what + ": " + (i + 1) + "/" + cycles + (concurrency > 1 ? " x " + concurrency + " at once" : ""));
            cycle.run(i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        HostInventory.Snapshot after = host.inventory.take();
        int fdsAfter = HostInventory.fdCount();
        HostInventory.Diff diff = HostInventory.diff(before, after);
        figures(String.format("%s: %d cycles%s in %.1f s; JVM fds %d before, %d after; left on the host: %s",
            what, cycles * concurrency, concurrency > 1 ? " (" + concurrency + " at once)" : "", seconds, fdsBefore,
            fdsAfter, diff));
        // The raw fd count moves as the JVM opens jars while it loads classes; the inventory's fds
        // leave those out, so an fd drydock opened and kept shows there.
        assertThat(diff.isEmpty()).as("after %s: %s", what, diff).isTrue();
    }

    private static void concurrently(int n, Cycle cycle) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int id = k;
                all.add(pool.submit(() -> {
                    cycle.run(id);
                    return null;
                }));
            }
            // Every cycle finishes before this returns, so that a failed one leaves no other still running.
            Exception first = null;
            for (Future<?> f : all) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Exception cause = e.getCause() instanceof Exception c ? c : e;
                    if (first == null) {
                        first = cause;
                    } else {
                        first.addSuppressed(cause);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdown();
        }
    }

    /** One {@code drydock-runc run} of {@code true}, its cgroup under this class's parent. */
    private static void runcRun(String id) throws Exception {
        Path b = host.dir.resolve("bundle-" + id);
        Files.createDirectories(b);
        ObjectNode c = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) c.get("root")).put("path", bundle.resolve("rootfs").toString());
        ((ObjectNode) c.get("linux")).put("cgroupsPath", host.cgroupParent + "/" + id);
        JSON.writeValue(b.resolve("config.json").toFile(), c);
        try {
            SoakHost.Result r = host.exec(Map.of(), List.of(SoakHost.RUNC.toString(), "--root",
                host.state.resolve("runc").toString(), "run", "--bundle", b.toString(), id));
            assertThat(r.code()).as("drydock-runc run %s: %s", id, r.err()).isZero();
        } finally {
            Files.deleteIfExists(b.resolve("config.json"));
            Files.deleteIfExists(b);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void progress(String line) {
        SoakHost.progress(line);
    }

    private static void figures(String line) throws IOException {
        SoakHost.figures(line);
    }
}
