package io.drydock.platform.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.platform.InstanceSpec;
import io.drydock.platform.PlatformException;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import io.drydock.runtime.network.BridgeNetwork;
import io.drydock.runtime.network.Ipv4Subnet;
import io.drydock.runtime.network.NetworkConfig;
import io.drydock.runtime.network.PortMapping;
import io.drydock.vm.VmDriver;
import io.drydock.vm.libvirt.LibvirtHypervisor;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A VM on a real bridge with a mapped port: the same {@code -p} as a container. */
class VmPlatformIT {
    @TempDir
    static Path dir;

    private static String bridge;
    private static VmPlatform platform;
    private static BridgeNetwork network;
    private static Path rootfs;

    @BeforeAll
    static void setUp() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process p = new ProcessBuilder(Path.of("..", "scripts", "libvirt").toAbsolutePath().normalize().toString(), "start")
            .inheritIO().start();
        assertThat(p.waitFor()).as("scripts/libvirt start").isZero();
        int r = ThreadLocalRandom.current().nextInt(1 << 12);
        bridge = "drydockv" + HexFormat.of().toHexDigits((short) r).substring(1);
        network = BridgeNetwork.onHost(NetworkConfig.of("drydock-vmit-" + r, bridge,
            Ipv4Subnet.parse("10.213." + (r % 250) + ".0/24"), dir.resolve("net")));
        VmDriver driver = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), dir.resolve("vm"));
        platform = new VmPlatform(driver, network, Duration.ofMinutes(3));
        rootfs = BusyboxRootfs.build(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("www"));
        Files.writeString(rootfs.resolve("www/index.html"), "hello from the vm\n");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (bridge != null && Files.exists(Path.of("/sys/class/net", bridge))) {
            new ProcessBuilder("ip", "link", "del", bridge).inheritIO().start().waitFor();
        }
    }

    private static String digest(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.sorted().toList()) {
                md.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    md.update(Files.readAllBytes(f));
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void mappedPort_answersFromTheHost_guestWritesLeaveTheImage_andCloseLeavesNothing() throws Exception {
        String before = digest(rootfs);
        InstanceSpec spec = new InstanceSpec(rootfs, List.of("sh", "-c",
            "echo changed > /www/index.html.new; rm /bin/cat; exec httpd -f -p 8080 -h /www"),
            List.of("PATH=/bin"), new InstanceSpec.Limits(192L << 20, 1.0, null));
        String name = VmPlatform.newName();
        VmPlatform.VmInstance vm = platform.start(VmPlatform.toVmSpec(name, "busybox", spec),
            PortMapping.parseAll(List.of("127.0.0.1::8080")));
        String tap;
        try {
            vm.awaitReady();
            int port = vm.attachment().orElseThrow().mappingFor(8080, PortMapping.Protocol.TCP).hostPort();
            tap = platform.driver().list().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow().metadata().get("tap");
            assertThat(Path.of("/sys/class/net", tap)).exists();
            assertThat(Files.readString(Path.of("/sys/class/net", tap, "master/uevent"))).contains("INTERFACE=" + bridge);
            assertThat(httpGet(port, Duration.ofSeconds(90))).isEqualTo("hello from the vm\n");
            io.drydock.vm.VmStats stats = platform.driver().stats(name);
            assertThat(stats.cpuTimeNanos()).isPositive();
            assertThat(stats.memoryKiB()).isEqualTo(192L * 1024);
            assertThat(stats.qemuPssKiB()).as("QEMU's PSS from smaps_rollup").isPositive();
            assertThat(stats.netRxBytes()).as("bytes the guest received").isPositive();
            assertThat(stats.netTxBytes()).as("bytes the guest sent").isPositive();
        } finally {
            vm.close();
        }
        assertThat(platform.driver().hypervisor().state(name)).isEmpty();
        assertThat(Path.of("/sys/class/net", tap)).doesNotExist();
        assertThat(network.attachment(name)).isEmpty();
        assertThat(digest(rootfs)).isEqualTo(before);
    }

    @Test
    void failedStart_withPorts_leavesNoDomainAddressOrMapping() throws Exception {
        String name = VmPlatform.newName();
        InstanceSpec spec = InstanceSpec.of(rootfs, "/bin/no-such-command");
        assertThatThrownBy(() -> platform.start(VmPlatform.toVmSpec(name, "busybox", spec), PortMapping.parseAll(List.of("127.0.0.1::80"))))
            .isInstanceOf(PlatformException.class).hasMessageContaining("no-such-command");
        assertThat(platform.driver().hypervisor().state(name)).isEmpty();
        assertThat(network.attachment(name)).isEmpty();
        assertThat(dir.resolve("vm").resolve(name)).doesNotExist();
    }

    /** GETs / until the guest's httpd answers (the guest needs a moment after ready to listen). */
    private static String httpGet(int port, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/index.html").toURL().openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(2000);
                try (InputStream in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } finally {
                    c.disconnect();
                }
            } catch (IOException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new IOException("no answer on 127.0.0.1:" + port + " within " + within, last);
    }
}
