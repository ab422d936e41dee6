package io.drydock.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.conformance.cow.CopyOnWriteConformance;
import io.drydock.conformance.lifecycle.LifecycleConformance;
import io.drydock.conformance.portmapping.PortMappingConformance;
import io.drydock.conformance.vm.VmFixture;
import io.drydock.conformance.vm.VmIsolationConformance;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the suite treats the VM platform: which classes run, what is not applicable and why. */
class VmSuiteTest {
    private static final RuntimeUnderTest VM = new RuntimeUnderTest("vm", List.of("libvirt", "qemu:///system"),
        "QEMU emulator version 7.2.0; libvirt 9.0.0", false, List.of(Path.of("/usr/bin/qemu-system-x86_64")), "", false, true);
    private static final RuntimeUnderTest RUNC = new RuntimeUnderTest("runc", List.of("/usr/sbin/runc"), "runc version 1.1.5",
        false, List.of(Path.of("/usr/sbin/runc")), "", false);
    private static final RuntimeUnderTest DRYDOCK = new RuntimeUnderTest("drydock", List.of("drydock-api"), "drydock 1",
        true, List.of(), "", true);

    private static Conformance marks(Class<?> c) {
        return c.getAnnotation(Conformance.class);
    }

    @Test
    void notApplicable_containerClassOnTheVm_namesAVmAndTheArea() {
        assertThat(RuntimeExtension.notApplicable(marks(LifecycleConformance.class), VM))
            .startsWith(RuntimeExtension.NOT_APPLICABLE_VM).contains("lifecycle and operations tests check runc's command line");
        assertThat(RuntimeExtension.notApplicable(marks(PortMappingConformance.class), VM))
            .startsWith(RuntimeExtension.NOT_APPLICABLE_VM).contains("port mapping tests check drydock's container engine");
    }

    @Test
    void notApplicable_vmClassOnAContainerRuntime_namesAContainerRuntime() {
        assertThat(RuntimeExtension.notApplicable(marks(VmIsolationConformance.class), RUNC))
            .startsWith(RuntimeExtension.NOT_APPLICABLE_CONTAINER).contains("isolation tests check drydock's VM platform");
        assertThat(RuntimeExtension.notApplicable(marks(VmIsolationConformance.class), DRYDOCK))
            .startsWith(RuntimeExtension.NOT_APPLICABLE_CONTAINER);
    }

    @Test
    void notApplicable_whereTheClassApplies_isNull() {
        assertThat(RuntimeExtension.notApplicable(marks(VmIsolationConformance.class), VM)).isNull();
        assertThat(RuntimeExtension.notApplicable(marks(CopyOnWriteConformance.class), DRYDOCK)).isNull();
        assertThat(RuntimeExtension.notApplicable(marks(LifecycleConformance.class), RUNC)).isNull();
    }

    @Test
    void notApplicable_engineClassOnABareRuntime_keepsTheBareRuntimeReason() {
        assertThat(RuntimeExtension.notApplicable(marks(CopyOnWriteConformance.class), RUNC))
            .startsWith(RuntimeExtension.NOT_APPLICABLE_BARE + "copy-on-write layering");
    }

    @Test
    void classFor_theVm_takesVmClassesWhereAVmMakesClaims_andContainerClassesElsewhere() {
        for (Area a : Area.values()) {
            Class<?> c = Certification.classFor(VM, a);
            assertThat(marks(c).area()).as(a.key()).isEqualTo(a);
            boolean vmClaims = a == Area.ISOLATION || a == Area.PORT_MAPPING || a == Area.COW || a == Area.CLEANUP;
            assertThat(marks(c).vm()).as(a.key()).isEqualTo(vmClaims);
            assertThat(Certification.classFor(RUNC, a)).as(a.key()).isEqualTo(Certification.SUITE.get(a));
        }
    }

    @Test
    void vmSuite_everyTestNamesItsClaim() {
        for (Class<?> c : Certification.VM_SUITE.values()) {
            List<Method> tests = Arrays.stream(c.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(org.junit.jupiter.api.Test.class)).toList();
            assertThat(tests).as(c.getSimpleName()).isNotEmpty();
            assertThat(tests).as(c.getSimpleName()).allSatisfy(m -> {
                assertThat(m.getAnnotation(Requirement.class)).as(m.getName()).isNotNull();
                assertThat(m.getAnnotation(Requirement.class).section()).as(m.getName()).startsWith("claim: ");
                assertThat(m.getAnnotation(org.junit.jupiter.api.DisplayName.class)).as(m.getName()).isNotNull();
            });
        }
    }

    @Test
    void runtimeUnderTest_asJson_keepsTheVmMark() throws Exception {
        String json = Json.MAPPER.writeValueAsString(VM);
        assertThat(Json.MAPPER.readValue(json, RuntimeUnderTest.class)).isEqualTo(VM);
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(RUNC), RuntimeUnderTest.class).vm()).isFalse();
    }

    @Test
    void valueOf_virshVersion_readsTheRunningHypervisor() {
        List<String> lines = List.of("Compiled against library: libvirt 9.0.0", "Using library: libvirt 9.0.0",
            "Using API: QEMU 9.0.0", "Running hypervisor: QEMU 7.2.22");
        assertThat(RuntimeCatalog.valueOf(lines, "Running hypervisor:")).isEqualTo("QEMU 7.2.22");
        assertThat(RuntimeCatalog.valueOf(lines, "Using library:")).isEqualTo("libvirt 9.0.0");
        assertThat(RuntimeCatalog.valueOf(List.of("error: failed to connect to the hypervisor"), "Running hypervisor:")).isNull();
    }

    @Test
    void guestValues_readTheReportLinesOfOneKey() {
        VmFixture.Guest g = new VmFixture.Guest(0, "boot noise\nCERTIFY interface eth0 52:54:00:aa:bb:cc\n"
            + "CERTIFY interface lo 00:00:00:00:00:00\nCERTIFY hostname drydock-certify-0000abcd\nCERTIFY wrote\n");
        assertThat(g.values("interface")).containsExactly("eth0 52:54:00:aa:bb:cc", "lo 00:00:00:00:00:00");
        assertThat(g.value("hostname")).isEqualTo("drydock-certify-0000abcd");
        assertThat(g.value("wrote")).isEmpty();
        assertThatThrownBy(() -> g.value("interface")).isInstanceOf(AssertionError.class).hasMessageContaining("2 lines");
        assertThatThrownBy(() -> g.value("kernel")).isInstanceOf(AssertionError.class).hasMessageContaining("boot noise");
    }
}
