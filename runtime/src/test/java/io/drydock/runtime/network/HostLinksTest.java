package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLinksTest {
    @TempDir
    Path sys;

    private static RecordingProcessRunner host(String routes, String addrs) {
        return new RecordingProcessRunner()
                .answer(c -> c.argv().contains("route"), c -> new ProcessRunner.Output(0, routes, ""))
                .answer(c -> c.argv().contains("addr"), c -> new ProcessRunner.Output(0, addrs, ""));
    }

    @Test
    void overlapping_findsRoutesAndAddressesOnOtherDevices_only() throws Exception {
        RecordingProcessRunner runner = host("""
                default via 192.0.2.1 dev eth0
                10.89.0.0/16 dev wg0 proto kernel scope link src 10.89.5.1
                10.89.0.0/24 dev drydock0 proto kernel scope link src 10.89.0.1
                192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2
                """, """
                4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever
                7: drydock0    inet 10.89.0.1/24 brd 10.89.0.255 scope global drydock0\\       valid_lft forever
                9: tun1    inet 10.89.0.77 peer 10.0.0.1/32 scope global tun1
                """);

        var found = new HostLinks(runner, sys).overlapping(Ipv4Subnet.parse("10.89.0.0/24"), "drydock0");

        assertThat(found).containsExactly("route 10.89.0.0/16 dev wg0 proto kernel scope link src 10.89.5.1",
                "address 10.89.0.77 on tun1");
    }

    @Test
    void overlapping_unrelatedHost_findsNothing() throws Exception {
        RecordingProcessRunner runner = host("default via 192.0.2.1 dev eth0\n192.0.2.0/24 dev eth0\n",
                "4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\n");

        assertThat(new HostLinks(runner, sys).overlapping(Ipv4Subnet.parse("10.89.0.0/24"), "drydock0")).isEmpty();
    }

    @Test
    void bridgePorts_areTheEntriesOfBrif() throws Exception {
        Files.createDirectories(sys.resolve("br0/brif/veth1"));
        Files.createDirectories(sys.resolve("br0/brif/vnet0"));

        HostLinks links = new HostLinks(new RecordingProcessRunner(), sys);

        assertThat(links.exists("br0")).isTrue();
        assertThat(links.bridgePorts("br0")).containsExactly("veth1", "vnet0");
        assertThat(links.bridgePorts("absent")).isEmpty();
    }
}
