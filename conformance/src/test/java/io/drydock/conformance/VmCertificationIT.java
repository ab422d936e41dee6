package io.drydock.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.conformance.vm.VmFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite against drydock's VM platform on this host (real libvirtd, QEMU, bridge, iptables):
 * the VM's claims pass, runc's command line is not applicable, and nothing of the run remains.
 */
class VmCertificationIT {
    @TempDir
    Path temp;

    @BeforeAll
    static void hostHasWhatTheSuiteNeeds() throws Exception {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")),
            "needs root: the suite makes bridges, taps and iptables rules");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
        Process p = new ProcessBuilder(Path.of("..", "scripts", "libvirt").toAbsolutePath().normalize().toString(), "start")
            .inheritIO().start();
        assertThat(p.waitFor()).as("scripts/libvirt start").isZero();
    }

    /** This suite's VMs, bridges and network namespaces, and iptables rules naming its networks, now on the host. */
    private static List<String> suiteLeftovers() throws IOException {
        String all = EngineFixture.sh("virsh -c qemu:///system list --all --name; ip -o link show; ip netns list;"
            + " iptables-save 2>/dev/null | grep -i drydock-certify-vm");
        return all.lines().filter(l -> l.contains(VmFixture.VM_PREFIX) || l.contains(": " + VmFixture.LINK_PREFIX)
            || l.startsWith(VmFixture.LINK_PREFIX) || l.toLowerCase(java.util.Locale.ROOT).contains("drydock-certify-vm")).toList();
    }

    @Test
    void vm_passesItsClaims_otherAreasAreNotApplicable_andNothingRemains() throws Exception {
        assertThat(suiteLeftovers()).as("the suite's VMs, links and rules before the run").isEmpty();
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
        RuntimeUnderTest vm = new RuntimeCatalog(null, temp.resolve("wrappers")).resolve("vm");
        assertThat(vm.vm()).isTrue();
        RuntimeReport r = Certification.run(vm, EnumSet.allOf(Area.class), temp.resolve("work"), HostInfo.current(),
            o -> System.out.println(o.status().label() + " " + o.id() + " " + o.message() + " (" + o.duration().toMillis() + " ms)"));

        for (Area a : Set.of(Area.ISOLATION, Area.PORT_MAPPING, Area.COW, Area.CLEANUP)) {
            assertThat(r.in(a)).as(a.key()).isNotEmpty()
                .allSatisfy(o -> assertThat(o.status()).as(o.id() + ": " + o.message()).isEqualTo(Outcome.Status.PASSED))
                .allSatisfy(o -> assertThat(o.id()).startsWith(a.key() + "."));
        }
        for (Area a : Set.of(Area.LIFECYCLE, Area.RESOURCES)) {
            assertThat(r.in(a)).as(a.key()).isNotEmpty().allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.NOT_APPLICABLE);
                assertThat(o.message()).startsWith(RuntimeExtension.NOT_APPLICABLE_VM);
            });
        }
        assertThat(r.verdict()).isEqualTo(Verdict.CERTIFIED);
        assertThat(r.duration()).as("the VM suite's time").isLessThan(Duration.ofMinutes(2));
        assertThat(suiteLeftovers()).as("the suite's VMs, links and rules after the run").isEmpty();
    }
}
