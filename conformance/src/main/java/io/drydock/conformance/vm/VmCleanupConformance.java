package io.drydock.conformance.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drydock.conformance.Area;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.EngineFixture;
import io.drydock.conformance.Requirement;
import io.drydock.platform.PlatformException;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.network.PortMapping;
import io.drydock.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** After a VM's removal nothing of it remains: domain, QEMU, directory, tap, address, DNAT rules. */
@Conformance(area = Area.CLEANUP, vm = true)
public class VmCleanupConformance {
    private static VmFixture fixture;

    @BeforeAll
    static void open() throws Exception {
        fixture = VmFixture.open();
    }

    @AfterAll
    static void close() throws Exception {
        if (fixture != null) {
            VmFixture f = fixture;
            fixture = null;
            f.close();
        }
    }

    @Test
    @DisplayName("after removing a running VM with a disk and a mapped port nothing of it remains")
    @Requirement(section = "claim: removing a VM removes its domain, files, tap, address and port mappings")
    void remove_runningVm_leavesNothing() throws Exception {
        String name = VmFixture.newName();
        int port = EngineFixture.freePort();
        VmPlatform.VmInstance vm = fixture.boot(fixture.spec(name, VmSpec.RootMode.DISK, "exec sleep 600"),
            List.of(PortMapping.parse(port + ":8080/tcp")));
        vm.awaitReady();
        String address = vm.attachment().orElseThrow().address().getHostAddress();
        String tap = fixture.tap(name).orElseThrow();
        assertTrue(Files.exists(Path.of("/sys/class/net", tap)), "the running VM has no tap " + tap);
        assertTrue(Files.exists(fixture.vmStateRoot().resolve(name).resolve("overlay.qcow2")), "the running VM has no overlay");
        fixture.remove(name);
        assertEquals(List.of(), fixture.leftovers(name, tap, address, List.of(port)), "what the removed running VM left");
    }

    @Test
    @DisplayName("after removing a VM whose workload exited nothing of it remains")
    @Requirement(section = "claim: removing a VM removes its domain, files, tap, address and port mappings")
    void remove_afterExit_leavesNothing() throws Exception {
        String name = VmFixture.newName();
        int port = EngineFixture.freePort();
        VmPlatform.VmInstance vm = fixture.boot(fixture.spec(name, VmSpec.RootMode.INITRAMFS, "echo CERTIFY done yes"),
            List.of(PortMapping.parse(port + ":8080/tcp")));
        String address = vm.attachment().orElseThrow().address().getHostAddress();
        String tap = fixture.tap(name).orElseThrow();
        VmFixture.Guest g = VmFixture.awaitExit(vm);
        assertEquals("yes", g.value("done"), "the guest's workload");
        fixture.remove(name);
        assertEquals(List.of(), fixture.leftovers(name, tap, address, List.of(port)), "what the removed VM left after its workload exited");
    }

    @Test
    @DisplayName("a VM that fails to start leaves nothing behind")
    @Requirement(section = "claim: a failed VM start leaves no domain, files, address or port mapping")
    void failedStart_leavesNothing() throws Exception {
        String name = VmFixture.newName();
        int port = EngineFixture.freePort();
        VmSpec spec = VmSpec.of(name, fixture.rootfs(), "/bin/no-such-command");
        assertThrows(PlatformException.class, () -> fixture.boot(spec, List.of(PortMapping.parse(port + ":8080/tcp"))),
            "starting a VM whose command is missing");
        assertEquals(List.of(), fixture.leftovers(name, null, null, List.of(port)), "what the failed start left");
    }
}
