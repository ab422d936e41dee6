package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real bridge, veths, iptables and CNI plugins: namespaces stand in for containers, an echo
 * server in them answers, and every test removes its namespaces, bridge and rules.
 */
class BridgeNetworkIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path stateRoot;
    private HostNetworkFixture fx;
    private BridgeNetwork network;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(HostNetworkFixture.isRoot(), "needs root: makes bridges, veths, namespaces and iptables rules");
        fx = new HostNetworkFixture(stateRoot);
        network = fx.network;
    }

    @AfterEach
    void tearDown() throws IOException {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void loopbackMapping_answersOn127001_andNotOnTheBridgeAddress() throws Exception {
        Path ns = fx.newNamespace();
        fx.startEchoServer(ns, "a", "tcp:80");
        NetworkAttachment a = network.attachContainer("c-loop", ns, PortMapping.parseAll(List.of("127.0.0.1::80")));

        int hostPort = a.mappingFor(80, PortMapping.Protocol.TCP).hostPort();
        assertThat(hostPort).isPositive();
        assertThat(HostNetworkFixture.tcpExchange(LOOPBACK, hostPort, "hi")).isEqualTo("a:hi");
        assertThatThrownBy(() -> HostNetworkFixture.tcpExchange(fx.config.gateway(), hostPort, "hi"))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void wildcardMapping_answersFromLoopbackBridgeAddressAndAnotherNamespace_unmappedPortDoesNot() throws Exception {
        Path server = fx.newNamespace();
        Path client = fx.newNamespace();
        fx.startEchoServer(server, "srv", "tcp:80", "tcp:82");
        NetworkAttachment a = network.attachContainer("c-srv", server, PortMapping.parseAll(List.of("80")));
        network.attachContainer("c-client", client, List.of());
        int hostPort = a.mappingFor(80, PortMapping.Protocol.TCP).hostPort();

        assertThat(a.address()).isNotEqualTo(fx.config.gateway());
        assertThat(fx.config.subnet().contains(a.address())).isTrue();
        assertThat(a.gateway()).isEqualTo(fx.config.gateway());
        assertThat(HostNetworkFixture.tcpExchange(LOOPBACK, hostPort, "lo")).isEqualTo("srv:lo");
        assertThat(HostNetworkFixture.tcpExchange(fx.config.gateway(), hostPort, "br")).isEqualTo("srv:br");
        assertThat(fx.tcpExchangeFrom(client, fx.config.gateway(), hostPort, "ns")).isEqualTo("srv:ns");

        // Port 82 listens in the namespace (reachable directly) but no host port leads to it.
        assertThat(HostNetworkFixture.tcpExchange(a.address(), 82, "direct")).isEqualTo("srv:direct");
        int unmapped = new HostPortProbe().reserve(PortMapping.parse("127.0.0.1::82")).hostPort();
        assertThatThrownBy(() -> HostNetworkFixture.tcpExchange(LOOPBACK, unmapped, "x"))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void udpMapping_answersOnLoopback() throws Exception {
        Path ns = fx.newNamespace();
        fx.startEchoServer(ns, "u", "udp:81");
        NetworkAttachment a = network.attachContainer("c-udp", ns, PortMapping.parseAll(List.of("127.0.0.1::81/udp")));

        int hostPort = a.mappingFor(81, PortMapping.Protocol.UDP).hostPort();
        assertThat(HostNetworkFixture.udpExchange(LOOPBACK, hostPort, "dgram")).isEqualTo("u:dgram");
    }

    @Test
    void twoNamespaces_talkOverTheBridgeByAddress() throws Exception {
        Path one = fx.newNamespace();
        Path two = fx.newNamespace();
        fx.startEchoServer(one, "one", "tcp:80");
        NetworkAttachment a = network.attachContainer("c-one", one, List.of());
        NetworkAttachment b = network.attachContainer("c-two", two, List.of());

        assertThat(a.address()).isNotEqualTo(b.address());
        assertThat(fx.tcpExchangeFrom(two, a.address(), 80, "peer")).isEqualTo("one:peer");
    }

    @Test
    void containerReachesItselfThroughItsOwnMappedPort() throws Exception {
        Path ns = fx.newNamespace();
        fx.startEchoServer(ns, "self", "tcp:80");
        NetworkAttachment a = network.attachContainer("c-hairpin", ns, PortMapping.parseAll(List.of("80")));

        int hostPort = a.mappingFor(80, PortMapping.Protocol.TCP).hostPort();
        assertThat(fx.tcpExchangeFrom(ns, fx.config.gateway(), hostPort, "loop")).isEqualTo("self:loop");
    }

    @Test
    void takenHostPort_isRefusedNamingThePort_beforeAnythingIsMade() throws Exception {
        Path ns = fx.newNamespace();
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> network.attachContainer("c-taken", ns,
                    PortMapping.parseAll(List.of("127.0.0.1:" + port + ":80"))))
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + port + "/tcp");
        }
        assertThat(fx.cacheEntries()).isEmpty();
        assertThat(fx.ipamAllocations()).isEmpty();
        assertThat(fx.bridgePorts()).isEmpty();
    }

    @Test
    void hostPortMappedByAnotherAttachment_isRefused() throws Exception {
        Path one = fx.newNamespace();
        Path two = fx.newNamespace();
        NetworkAttachment a = network.attachContainer("c-first", one, PortMapping.parseAll(List.of("127.0.0.1::80")));
        int port = a.mappingFor(80, PortMapping.Protocol.TCP).hostPort();

        // DNAT binds nothing: only drydock's own record of mappings can see this clash.
        assertThatThrownBy(() -> network.attachContainer("c-second", two, PortMapping.parseAll(List.of(port + ":80"))))
                .isInstanceOf(PortUnavailableException.class)
                .hasMessageContaining(String.valueOf(port));
        assertThat(network.attachment("c-second")).isEmpty();
    }

    @Test
    void detach_freesThePort_andLeavesNoRuleLinkAddressOrBridge() throws Exception {
        List<String> portmapChainsBefore = fx.portmapChains();
        Path ns = fx.newNamespace();
        fx.startEchoServer(ns, "d", "tcp:80", "udp:81");
        NetworkAttachment a = network.attachContainer("c-del", ns, PortMapping.parseAll(List.of("127.0.0.1::80", "81/udp")));
        int tcpPort = a.mappingFor(80, PortMapping.Protocol.TCP).hostPort();
        assertThat(HostNetworkFixture.tcpExchange(LOOPBACK, tcpPort, "before")).isEqualTo("d:before");
        assertThat(fx.ruleLeftovers()).isNotEmpty();
        assertThat(fx.ipamAllocations()).containsExactly(a.address().getHostAddress());

        network.detach("c-del");
        network.detach("c-del"); // twice is fine

        assertThatThrownBy(() -> HostNetworkFixture.tcpExchange(LOOPBACK, tcpPort, "after"))
                .isInstanceOf(ConnectException.class);
        try (ServerSocket again = new ServerSocket(tcpPort, 1, LOOPBACK)) {
            assertThat(again.getLocalPort()).isEqualTo(tcpPort);
        }
        assertThat(fx.ruleLeftovers()).isEmpty();
        assertThat(fx.bridgePorts()).isEmpty();
        assertThat(fx.ipamAllocations()).isEmpty();
        assertThat(fx.cacheEntries()).isEmpty();
        assertThat(fx.sh("ip netns exec " + ns.getFileName() + " ip -o link")).doesNotContain("eth0");

        // The last detach takes the bridge and portmap's shared chains with it; prune finds nothing left.
        assertThat(fx.bridgeExists()).isFalse();
        if (portmapChainsBefore.isEmpty()) {
            assertThat(fx.portmapChains()).isEmpty();
        }
        NetworkPrune.Report report = new NetworkPrune(network).prune();
        assertThat(report.detached()).isEmpty();
        assertThat(report.bridgeRemoved()).isFalse();
    }

    @Test
    void check_passesOnALiveAttachment_andFailsOnceTheVethIsGone() throws Exception {
        Path ns = fx.newNamespace();
        network.attachContainer("c-check", ns, PortMapping.parseAll(List.of("127.0.0.1::80")));

        network.check("c-check");

        fx.sh("ip netns exec " + ns.getFileName() + " ip link del eth0");
        assertThatThrownBy(() -> network.check("c-check")).isInstanceOf(CniPluginException.class);
        network.detach("c-check");
        assertThat(fx.ruleLeftovers()).isEmpty();
        assertThat(fx.ipamAllocations()).isEmpty();
    }

    @Test
    void instance_getsAnAddressFromThePool_andItsMappedPortAnswers() throws Exception {
        NetworkAttachment vm = network.attachInstance("vm-one", PortMapping.parseAll(List.of("127.0.0.1::80")));
        assertThat(vm.kind()).isEqualTo(NetworkAttachment.Kind.INSTANCE);
        assertThat(fx.config.subnet().contains(vm.address())).isTrue();
        assertThat(fx.ipamAllocations()).containsExactly(vm.address().getHostAddress());
        assertThat(fx.bridgeExists()).isTrue();

        Path guest = fx.newNamespace();
        plugGuest(guest, vm.address(), "vmtap");
        fx.startEchoServer(guest, "vm", "tcp:80");
        int hostPort = vm.mappingFor(80, PortMapping.Protocol.TCP).hostPort();
        assertThat(HostNetworkFixture.tcpExchange(LOOPBACK, hostPort, "guest")).isEqualTo("vm:guest");

        network.detach("vm-one");
        assertThat(fx.ipamAllocations()).isEmpty();
        assertThat(fx.ruleLeftovers()).isEmpty();
        assertThatThrownBy(() -> HostNetworkFixture.tcpExchange(LOOPBACK, hostPort, "x"))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void instanceFirst_thenContainer_shareTheBridge_andReachEachOtherByAddress() throws Exception {
        NetworkAttachment vm = network.attachInstance("vm-share", List.of());
        Path guest = fx.newNamespace();
        plugGuest(guest, vm.address(), "vmtap3");
        fx.startEchoServer(guest, "vm", "tcp:80");
        Path ctr = fx.newNamespace();
        fx.startEchoServer(ctr, "ctr", "tcp:80");

        NetworkAttachment c = network.attachContainer("c-share", ctr, List.of());

        assertThat(c.address()).isNotEqualTo(vm.address());
        assertThat(fx.tcpExchangeFrom(ctr, vm.address(), 80, "to-vm")).isEqualTo("vm:to-vm");
        assertThat(fx.tcpExchangeFrom(guest, c.address(), 80, "to-ctr")).isEqualTo("ctr:to-ctr");
    }

    @Test
    void mapPorts_toAGivenAddress_answers_andDetachRemovesTheRules() throws Exception {
        Inet4Address address = fx.config.subnet().host(200);
        Path guest = fx.newNamespace();
        fx.network.links().ensureBridge(fx.config);
        plugGuest(guest, address, "vmtap2");
        fx.startEchoServer(guest, "given", "tcp:80", "udp:81");

        NetworkAttachment m = network.mapPorts("vm-given", address, PortMapping.parseAll(List.of("80", "127.0.0.1::81/udp")));
        assertThat(m.kind()).isEqualTo(NetworkAttachment.Kind.PORTS_ONLY);
        int tcp = m.mappingFor(80, PortMapping.Protocol.TCP).hostPort();
        int udp = m.mappingFor(81, PortMapping.Protocol.UDP).hostPort();
        assertThat(HostNetworkFixture.tcpExchange(LOOPBACK, tcp, "t")).isEqualTo("given:t");
        assertThat(HostNetworkFixture.tcpExchange(fx.config.gateway(), tcp, "g")).isEqualTo("given:g");
        assertThat(HostNetworkFixture.udpExchange(LOOPBACK, udp, "u")).isEqualTo("given:u");
        assertThat(fx.ipamAllocations()).isEmpty();

        network.detach("vm-given");
        assertThat(fx.ruleLeftovers()).isEmpty();
        assertThatThrownBy(() -> HostNetworkFixture.tcpExchange(LOOPBACK, tcp, "x"))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void missingNamespace_failsWithThePluginsError_andLeavesNothing() throws Exception {
        Path missing = Path.of("/run/netns/drydock-it-missing-" + fx.config.bridge().substring(7));

        assertThatThrownBy(() -> network.attachContainer("c-missing", missing, PortMapping.parseAll(List.of("127.0.0.1::80"))))
                .isInstanceOf(CniPluginException.class)
                .hasMessageContaining(missing.toString());
        assertThat(fx.cacheEntries()).isEmpty();
        assertThat(fx.ipamAllocations()).isEmpty();
        assertThat(fx.ruleLeftovers()).isEmpty();
    }

    @Test
    void concurrentAttaches_fromSeveralThreads_getDistinctAddressesAndPorts() throws Exception {
        List<Path> namespaces = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            namespaces.add(fx.newNamespace());
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<NetworkAttachment>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path ns = namespaces.get(i);
                String id = "c-par-" + i;
                futures.add(pool.submit(() -> network.attachContainer(id, ns, PortMapping.parseAll(List.of("127.0.0.1::80")))));
            }
            java.util.Set<String> addresses = new java.util.HashSet<>();
            java.util.Set<Integer> ports = new java.util.HashSet<>();
            for (var f : futures) {
                NetworkAttachment a = f.get();
                addresses.add(a.address().getHostAddress());
                ports.add(a.mappingFor(80, PortMapping.Protocol.TCP).hostPort());
            }
            assertThat(addresses).hasSize(4);
            assertThat(ports).hasSize(4);
        }
        assertThat(network.attachments()).hasSize(4);
        assertThat(fx.ipamAllocations()).hasSize(4);
    }

    @Test
    void subnetTheHostAlreadyUses_isRefusedBeforeTheBridgeIsMade() throws Exception {
        String dummy = "drydockd" + fx.config.bridge().substring(7);
        try {
            // Another bridge stands in for any interface (VPN, other runtime) that owns the subnet.
            fx.sh("ip link add " + dummy + " type bridge && ip addr add " + fx.config.subnet().host(9).getHostAddress()
                    + "/" + fx.config.subnet().prefixLength() + " dev " + dummy + " && ip link set " + dummy + " up");
            Path ns = fx.newNamespace();
            assertThatThrownBy(() -> network.attachContainer("c-overlap", ns, List.of()))
                    .isInstanceOf(NetworkException.class)
                    .hasMessageContaining("overlaps")
                    .hasMessageContaining(dummy);
            assertThat(fx.bridgeExists()).isFalse();
        } finally {
            fx.sh("ip link del " + dummy + " 2>/dev/null || true");
        }
    }

    /** Stands in for a VM's tap: a veth whose host end is on the bridge and whose guest end has {@code address}. */
    private void plugGuest(Path guest, Inet4Address address, String prefix) throws IOException {
        String ns = guest.getFileName().toString();
        String hostEnd = prefix + fx.config.bridge().substring(7);
        fx.sh("ip link add " + hostEnd + " type veth peer name eth0 netns " + ns
                + " && ip link set " + hostEnd + " master " + fx.config.bridge() + " up"
                + " && ip netns exec " + ns + " ip addr add " + address.getHostAddress() + "/"
                + fx.config.subnet().prefixLength() + " dev eth0"
                + " && ip netns exec " + ns + " ip link set eth0 up"
                + " && ip netns exec " + ns + " ip route add default via " + fx.config.gateway().getHostAddress());
    }
}
