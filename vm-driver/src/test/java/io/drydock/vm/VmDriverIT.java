package io.drydock.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.vm.libvirt.LibvirtHypervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real boots: libvirtd and QEMU with the packaged kernel and drydock's guest init. */
class VmDriverIT {
    @TempDir
    static Path dir;

    private static VmDriver driver;
    private static Path rootfs;

    @BeforeAll
    static void setUp() throws Exception {
        GuestRootfs.startLibvirt();
        // QEMU may run as libvirt-qemu: it must reach the initramfs through JUnit's 0700 directory.
        java.nio.file.Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        rootfs = GuestRootfs.busybox(dir.resolve("rootfs"));
        driver = VmDriver.open(LibvirtHypervisor.connect(LibvirtHypervisor.SYSTEM_URI), dir.resolve("state"));
        System.out.println("VmDriverIT: accelerator " + driver.accelerator() + ", kernel " + driver.kernel());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (driver != null) {
            driver.close();
        }
    }

    private static String name() {
        return "drydock-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @Test
    void run_echoHello_printsHelloPassesExitCodeSeesLimitsAndRmLeavesNothing() throws Exception {
        String name = name();
        VmSpec spec = VmSpec.of(name, rootfs, "sh", "-c",
            "echo hello; echo cpus=$(nproc); grep MemTotal /proc/meminfo; exit 3").withLimits(200, 2);
        StringBuilder out = new StringBuilder();
        try {
            driver.create(spec);
            driver.start(name);
            int code = driver.awaitExit(name, Duration.ofMinutes(2), out::append);
            assertThat(code).isEqualTo(3);
            assertThat(out.toString()).startsWith("hello\n").contains("cpus=2\n");
            long memKiB = Long.parseLong(out.toString().replaceAll("(?s).*MemTotal:\\s+(\\d+) kB.*", "$1"));
            // The kernel keeps some for itself: the guest sees a little under the configured 200 MiB.
            assertThat(memKiB).isBetween(150L * 1024, 200L * 1024);
            assertThat(driver.logs(name)).contains("hello");
        } finally {
            driver.remove(name);
        }
        assertThat(driver.hypervisor().state(name)).isEmpty();
        assertThat(dir.resolve("state").resolve(name)).doesNotExist();
        assertThat(Path.of("/run/libvirt/qemu", name + ".pid")).doesNotExist();
    }

    @Test
    void run_diskMode_guestWritesLandInTheOverlay_baseBytesUnchanged() throws Exception {
        String name = name();
        VmSpec spec = VmSpec.of(name, rootfs, "sh", "-c",
            "grep ' / ' /proc/mounts; echo written > /etc/new; rm /bin/cat; dd if=/dev/urandom of=/root/blob bs=1M count=4; ls -l /root/blob; cat /etc/new")
            .withRoot(VmSpec.RootMode.DISK);
        StringBuilder out = new StringBuilder();
        Path base;
        String before;
        try {
            VmDriver.Vm vm = driver.create(spec);
            Path overlay = vm.definition().disks().get(0).file();
            base = Files.list(dir.resolve("state").resolve("bases")).filter(p -> p.toString().endsWith(".qcow2")).findFirst().orElseThrow();
            before = sha256(base);
            long emptyOverlay = Files.size(overlay);
            driver.start(name);
            assertThat(driver.awaitExit(name, Duration.ofMinutes(2), out::append)).isZero();
            assertThat(out.toString()).as(out.toString()).contains("/dev/vda / ext4").contains("written");
            // The guest's 4 MiB landed in the overlay, not in the base.
            assertThat(Files.size(overlay)).as(out.toString()).isGreaterThan(emptyOverlay + (3L << 20));
        } finally {
            driver.remove(name);
        }
        assertThat(sha256(base)).isEqualTo(before);
        assertThat(dir.resolve("state").resolve(name)).doesNotExist();
    }

    private static String sha256(Path f) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void bareQemu_sameGuest_reportsReadyAndExitCode() throws Exception {
        GuestKernel k = driver.kernel();
        GuestPlan plan = new GuestPlan(List.of(), List.of("sh", "-c", "echo bare; exit 5"), List.of("PATH=/bin"), "/", 0, 0, null);
        Path initrd = dir.resolve("bare.cpio");
        InitramfsBuilder.write(rootfs, plan, k.modulesDir(), List.of(), initrd);
        Path log = dir.resolve("bare.log");
        List<String> cmd = BareQemu.command(driver.accelerator().verdict(), MachineType.MICROVM, k.image(), initrd,
            GuestCmdline.of(MachineType.MICROVM, null), 128, 1, log);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("bare.out").toFile()).start();
        try {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("qemu powered off").isTrue();
        } finally {
            p.destroyForcibly();
        }
        ConsoleLog c = new ConsoleLog(log);
        c.poll();
        assertThat(c.ready()).isTrue();
        assertThat(c.exitCode()).hasValue(5);
        assertThat(c.drainOutput()).isEqualTo("bare\n");
        assertThat(Files.readString(dir.resolve("bare.out"))).doesNotContain("error");
    }
}
