package io.drydock.vm.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.vm.Accelerator;
import io.drydock.vm.AcceleratorProbe;
import io.drydock.vm.GuestKernel;
import io.drydock.vm.Hypervisor;
import io.drydock.vm.VmDriver;
import io.drydock.vm.VmException;
import io.drydock.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle against libvirt's in-process test driver: no daemon, no QEMU, real libvirt API. */
class VmDriverTest {
    @TempDir
    Path dir;

    private VmDriver driver;
    private Path rootfs;
    private Path state;

    @BeforeEach
    void setUp() throws Exception {
        Path modules = Files.createDirectories(dir.resolve("modules"));
        Files.writeString(modules.resolve("modules.dep"), "");
        Path kernel = Files.writeString(dir.resolve("vmlinuz"), "not a kernel");
        rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Path sh = Files.writeString(rootfs.resolve("sh"), "#!");
        Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        rootfs = dir.resolve("rootfs");
        state = dir.resolve("state");
        driver = new VmDriver(LibvirtHypervisor.connect(LibvirtHypervisor.TEST_URI), state,
            new GuestKernel("6.1.0-test", kernel, modules, "packaged"),
            new AcceleratorProbe.Result(Accelerator.TCG, "test"), Duration.ofMillis(1));
    }

    @AfterEach
    void tearDown() throws Exception {
        driver.close();
    }

    @Test
    void lifecycle_createStartExitStopRemove_leavesNothing() throws Exception {
        VmDriver.Vm vm = driver.create(VmSpec.of("drydock-t1", rootfs, "sh", "-c", "exit 7"));
        assertThat(driver.hypervisor().state("drydock-t1")).hasValue(Hypervisor.DomainState.SHUTOFF);
        assertThat(driver.hypervisor().xml("drydock-t1").orElseThrow())
            .contains("machine='microvm'", "rdinit=/.drydock/init", vm.initrd().toString(), "<seclabel type='none'");
        assertThat(vm.initrd()).isRegularFile();

        driver.start("drydock-t1");
        assertThat(driver.hypervisor().state("drydock-t1")).hasValue(Hypervisor.DomainState.RUNNING);
        assertThat(driver.list()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("drydock-t1");
            assertThat(i.metadata()).containsEntry("accelerator", "tcg").containsEntry("command", "sh -c exit 7")
                .containsEntry("kernel-source", "packaged");
        });
        // The test driver runs no guest: write what the guest init would.
        Files.writeString(vm.consoleLog(), "DRYDOCK_READY\r\nout\r\nDRYDOCK_EXIT=7\r\n");
        driver.awaitReady("drydock-t1", Duration.ofSeconds(5));
        List<String> output = new ArrayList<>();
        assertThat(driver.awaitExit("drydock-t1", Duration.ofSeconds(5), output::add)).isEqualTo(7);
        assertThat(String.join("", output)).isEqualTo("out\n");
        assertThat(driver.logs("drydock-t1")).contains("out");

        driver.stop("drydock-t1");
        assertThat(driver.hypervisor().state("drydock-t1")).hasValue(Hypervisor.DomainState.SHUTOFF);
        driver.remove("drydock-t1");
        assertThat(driver.hypervisor().state("drydock-t1")).isEmpty();
        assertThat(state.resolve("drydock-t1")).doesNotExist();
    }

    @Test
    void awaitExit_domainStopsWithoutReport_failsWithTheConsole() throws Exception {
        VmDriver.Vm vm = driver.create(VmSpec.of("drydock-t2", rootfs, "sh"));
        driver.start("drydock-t2");
        Files.writeString(vm.consoleLog(), "Kernel panic - not syncing\n");
        driver.stop("drydock-t2");
        assertThatThrownBy(() -> driver.awaitExit("drydock-t2", Duration.ofSeconds(5), s -> {}))
            .isInstanceOf(VmException.class).hasMessageContaining("stopped").hasMessageContaining("Kernel panic");
        driver.remove("drydock-t2");
    }

    @Test
    void awaitExit_guestInitError_isReported() throws Exception {
        VmDriver.Vm vm = driver.create(VmSpec.of("drydock-t5", rootfs, "sh"));
        driver.start("drydock-t5");
        Files.writeString(vm.consoleLog(), "DRYDOCK_ERROR=mount proc on /proc: No such device (errno 19)\n");
        assertThatThrownBy(() -> driver.awaitExit("drydock-t5", Duration.ofSeconds(5), s -> {}))
            .isInstanceOf(VmException.class).hasMessageContaining("guest init: mount proc");
        driver.remove("drydock-t5");
    }

    @Test
    void create_commandNotInImage_refusedAndNothingDefined() throws Exception {
        assertThatThrownBy(() -> driver.create(VmSpec.of("drydock-t3", rootfs, "nginx")))
            .isInstanceOf(VmException.class).hasMessageContaining("nginx").hasMessageContaining("not an executable");
        assertThat(driver.hypervisor().state("drydock-t3")).isEmpty();
        assertThat(state.resolve("drydock-t3")).doesNotExist();
    }

    @Test
    void create_memoryBelowGuestNeeds_refusedAndNothingDefined() throws Exception {
        assertThatThrownBy(() -> driver.create(VmSpec.of("drydock-t4", rootfs, "sh").withLimits(32, 1)))
            .isInstanceOf(VmException.class).hasMessageContaining("memory 32 MiB is below");
        assertThat(driver.hypervisor().state("drydock-t4")).isEmpty();
        assertThat(state.resolve("drydock-t4")).doesNotExist();
    }

    @Test
    void stopAndLogs_unknownVm_sayNoSuchVm() {
        assertThatThrownBy(() -> driver.stop("drydock-none")).hasMessageContaining("no VM named drydock-none");
        assertThatThrownBy(() -> driver.logs("drydock-none")).hasMessageContaining("no VM named drydock-none");
    }

    @Test
    void connect_noDaemon_saysLibvirtIsUnreachable() {
        assertThatThrownBy(() -> LibvirtHypervisor.connect("qemu+unix:///system?socket=" + dir.resolve("no-such.sock")))
            .isInstanceOf(VmException.class).hasMessageContaining("unreachable").hasMessageContaining("scripts/libvirt start");
    }
}
