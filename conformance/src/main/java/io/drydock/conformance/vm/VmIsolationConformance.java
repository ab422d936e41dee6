package io.drydock.conformance.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drydock.conformance.Area;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.EngineFixture;
import io.drydock.conformance.Requirement;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.network.PortMapping;
import io.drydock.vm.VmSpec;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The VM platform's isolation claims, checked on one guest that reports what it sees (its kernel,
 * processes, hostname, interfaces) and writes to its root, then exits.
 */
@Conformance(area = Area.ISOLATION, vm = true)
public class VmIsolationConformance {
    /** Processes of the host that would show if the guest saw the host's process table. */
    private static final List<String> HOST_ONLY_COMMANDS = List.of("java", "libvirtd", "virtlogd", "qemu-system-x86");

    private static VmFixture fixture;
    private static String name;
    private static String mac;
    private static String nonce;
    private static VmFixture.Guest guest;

    @BeforeAll
    static void boot() throws Exception {
        fixture = VmFixture.open();
        name = VmFixture.newName();
        nonce = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String script = String.join("\n",
            "echo CERTIFY kernel $(uname -r)",
            "echo CERTIFY pid1 $(tr '\\0' ' ' < /proc/1/cmdline)",
            "for d in /proc/[0-9]*; do echo CERTIFY process ${d#/proc/} $(cat $d/comm 2>/dev/null); done",
            "echo CERTIFY hostname $(hostname)",
            "for i in /sys/class/net/*; do echo CERTIFY interface ${i##*/} $(cat $i/address); done",
            "echo guest > /certify-" + nonce + " && echo guest > /tmp/certify-" + nonce + " && sync && echo CERTIFY wrote yes");
        // A mapped port gives the guest a NIC on the bridge: the interfaces test then has one to see.
        VmPlatform.VmInstance vm = fixture.boot(fixture.spec(name, VmSpec.RootMode.INITRAMFS, script),
            List.of(PortMapping.parse("127.0.0.1:" + EngineFixture.freePort() + ":8080/tcp")));
        mac = EngineFixture.sh("virsh -c qemu:///system domiflist " + name).lines()
            .flatMap(l -> List.of(l.strip().split("\\s+")).stream()).filter(w -> w.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"))
            .findFirst().orElse("");
        guest = VmFixture.awaitExit(vm);
        assertEquals(0, guest.exit(), () -> "the guest's report script failed: " + guest.output());
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
    @DisplayName("the guest runs its own kernel, whose pid 1 is drydock's guest init")
    @Requirement(section = "claim: a VM has its own kernel (pid 1 is the guest init, the kernel is the guest kernel drydock boots)")
    void guest_hasItsOwnKernelWithTheGuestInitAsPid1() throws Exception {
        assertEquals(VmFixture.GUEST_INIT, guest.value("pid1"), "the guest's pid 1 command line");
        String hostPid1 = Files.readString(Path.of("/proc/1/cmdline")).replace('\0', ' ').strip();
        assertNotEquals(hostPid1, guest.value("pid1"), "the guest's pid 1 is the host's");
        assertEquals(fixture.platform().driver().kernel().release(), guest.value("kernel"),
            "the guest's uname -r against the release of the kernel drydock booted");
    }

    @Test
    @DisplayName("no host process is visible in the guest's /proc")
    @Requirement(section = "claim: a VM sees only its own processes")
    void guestProc_showsNoHostProcess() {
        List<String> processes = guest.values("process");
        assertTrue(processes.stream().anyMatch(p -> p.equals("1 init")), () -> "pid 1 missing from the guest's /proc: " + processes);
        List<String> host = processes.stream().filter(p -> {
            String[] f = p.split(" ", 2);
            return f.length == 2 && HOST_ONLY_COMMANDS.stream().anyMatch(c -> f[1].startsWith(c));
        }).toList();
        assertEquals(List.of(), host, "host processes (this JVM, libvirt, QEMU) listed in the guest's /proc");
        String self = Long.toString(ProcessHandle.current().pid());
        assertFalse(processes.stream().anyMatch(p -> p.equals(self + " java")), "the certifying JVM's pid " + self + " in the guest");
    }

    @Test
    @DisplayName("the guest has its own hostname")
    @Requirement(section = "claim: a VM has its own hostname (the VM's name)")
    void guest_hasItsOwnHostname() throws Exception {
        assertEquals(name, guest.value("hostname"), "the guest's hostname");
        assertNotEquals(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT), guest.value("hostname"),
            "the guest's hostname is the host's");
    }

    @Test
    @DisplayName("the guest sees only its own network interfaces: loopback and its virtual NIC")
    @Requirement(section = "claim: a VM has only its own network interfaces")
    void guest_seesOnlyItsOwnInterfaces() {
        List<String> interfaces = guest.values("interface").stream().sorted().toList();
        assertEquals(List.of("eth0", "lo"), interfaces.stream().map(i -> i.split(" ")[0]).toList(),
            "the guest's interfaces (" + interfaces + ")");
        String eth0 = interfaces.get(0).split(" ").length > 1 ? interfaces.get(0).split(" ")[1] : "";
        assertEquals(mac, eth0, "the MAC of the guest's eth0 against its domain's NIC (virsh domiflist)");
    }

    @Test
    @DisplayName("a write inside the guest does not reach the host's file system")
    @Requirement(section = "claim: a VM's writes stay in the VM")
    void guestWrite_doesNotReachTheHost() {
        assertEquals("yes", guest.value("wrote"), "the guest could not write its own root");
        for (Path p : List.of(Path.of("/certify-" + nonce), Path.of("/tmp/certify-" + nonce),
                fixture.rootfs().resolve("certify-" + nonce), fixture.rootfs().resolve("tmp/certify-" + nonce))) {
            assertFalse(Files.exists(p), "the guest's write appeared on the host at " + p);
        }
    }
}
