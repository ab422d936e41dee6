package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many attach/detach cycles on real plugins leave nothing behind. */
class AttachCyclesIT {
    private static final int CYCLES = 50;

    @TempDir
    Path stateRoot;
    private HostNetworkFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(HostNetworkFixture.isRoot(), "needs root: makes bridges, veths, namespaces and iptables rules");
        fx = new HostNetworkFixture(stateRoot);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void fiftyAttachDetachCycles_leaveNoRuleLinkAddressOrCacheEntry() throws Exception {
        Path ns = fx.newNamespace();
        fx.startEchoServer(ns, "cyc", "tcp:80");
        List<PortMapping> mappings = PortMapping.parseAll(List.of("127.0.0.1::80", "127.0.0.1::81/udp"));
        Set<String> addresses = new TreeSet<>();
        for (int i = 0; i < CYCLES; i++) {
            NetworkAttachment a = fx.network.attachContainer("c-cycle-" + i, ns, mappings);
            addresses.add(a.address().getHostAddress());
            if (i == 0 || i == CYCLES - 1) {
                int port = a.mappingFor(80, PortMapping.Protocol.TCP).hostPort();
                assertThat(HostNetworkFixture.tcpExchange(InetAddress.getLoopbackAddress(), port, "n" + i))
                        .isEqualTo("cyc:n" + i);
            }
            fx.network.detach(a.id());
        }

        assertThat(addresses).isNotEmpty();
        assertThat(fx.ruleLeftovers()).isEmpty();
        assertThat(fx.bridgePorts()).isEmpty();
        assertThat(fx.ipamAllocations()).isEmpty();
        assertThat(fx.cacheEntries()).isEmpty();
        assertThat(fx.sh("ip netns exec " + ns.getFileName() + " ip -o link")).doesNotContain("eth0");
    }
}
