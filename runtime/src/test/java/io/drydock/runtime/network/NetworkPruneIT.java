package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prune after a drydock that was killed: real namespaces, plugins and iptables. */
class NetworkPruneIT {
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
    void prune_afterRestart_deletesAttachmentsWhoseNamespaceIsGone_thenTheBridgeAndChains() throws Exception {
        List<String> portmapChainsBefore = fx.portmapChains();
        Path ns = fx.newNamespace();
        NetworkAttachment a = fx.network.attachContainer("c-dead", ns,
                PortMapping.parseAll(List.of("127.0.0.1::80", "127.0.0.1::81/udp")));
        fx.deleteNamespace(ns); // the container died with drydock; nobody ran DEL

        // A new drydock process: nothing in memory, only what is on disk and in the kernel.
        BridgeNetwork restarted = BridgeNetwork.onHost(fx.config);
        NetworkPrune.Report report = new NetworkPrune(restarted).prune();

        assertThat(report.detached()).containsExactly("c-dead");
        assertThat(report.bridgeRemoved()).isTrue();
        assertThat(fx.cacheEntries()).isEmpty();
        assertThat(fx.ipamAllocations()).isEmpty();
        // The bridge plugin cannot remove its masquerade rule without the namespace; drydock did.
        assertThat(fx.ruleLeftovers()).isEmpty();
        assertThat(fx.bridgeExists()).isFalse();
        if (portmapChainsBefore.isEmpty()) {
            assertThat(fx.portmapChains()).isEmpty();
        }
        try (var socket = new java.net.ServerSocket(a.mappingFor(80, PortMapping.Protocol.TCP).hostPort(), 1,
                InetAddress.getLoopbackAddress())) {
            assertThat(socket.isBound()).isTrue();
        }
    }

    @Test
    void prune_keepsAttachmentsThatAreAlive() throws Exception {
        Path dead = fx.newNamespace();
        Path alive = fx.newNamespace();
        fx.startEchoServer(alive, "alive", "tcp:80");
        fx.network.attachContainer("c-gone", dead, PortMapping.parseAll(List.of("127.0.0.1::80")));
        NetworkAttachment live = fx.network.attachContainer("c-live", alive, PortMapping.parseAll(List.of("127.0.0.1::80")));
        fx.deleteNamespace(dead);

        NetworkPrune.Report report = new NetworkPrune(fx.network).prune();

        assertThat(report.detached()).containsExactly("c-gone");
        assertThat(report.bridgeRemoved()).isFalse();
        assertThat(fx.network.attachments()).extracting(NetworkAttachment::id).containsExactly("c-live");
        assertThat(fx.ipamAllocations()).containsExactly(live.address().getHostAddress());
        int port = live.mappingFor(80, PortMapping.Protocol.TCP).hostPort();
        assertThat(HostNetworkFixture.tcpExchange(InetAddress.getLoopbackAddress(), port, "still")).isEqualTo("alive:still");
        assertThat(fx.ruleLeftovers()).noneMatch(l -> l.contains("\"c-gone\""));
    }

    @Test
    void prune_releasesAddressesAndRulesOfAnAddThatWasNeverRecorded() throws Exception {
        Path ns = fx.newNamespace();
        // An ADD whose result never reached drydock's cache (killed in between): a runtime with another cache.
        CniRuntime elsewhere = new CniRuntime(CniRuntime.defaultPluginDirs(), fx.runner,
                new AttachmentCache(stateRoot.resolve("lost-cache")));
        CniResult result = elsewhere.add(fx.config.containerConflist(),
                new CniRuntimeConf("c-lost", ns.toString(), "eth0", PortMapping.parseAll(List.of("127.0.0.1:" + freePort() + ":80"))));
        String address = result.firstIpv4().orElseThrow().address().getHostAddress();
        fx.deleteNamespace(ns);
        assertThat(fx.ipamAllocations()).containsExactly(address);
        assertThat(fx.ruleLeftovers()).isNotEmpty();

        NetworkPrune.Report report = new NetworkPrune(fx.network).prune();

        assertThat(report.releasedAddresses()).containsExactly(address);
        assertThat(report.ruleOwnersCleaned()).containsExactly("c-lost");
        assertThat(fx.ipamAllocations()).isEmpty();
        assertThat(fx.ruleLeftovers()).isEmpty();
        assertThat(fx.bridgeExists()).isFalse();
    }

    @Test
    void detach_whenTheNetnsPathNowNamesAnotherNamespace_leavesThatNamespacesEth0Alone() throws Exception {
        Path ns = fx.newNamespace();
        fx.network.attachContainer("c-reused", ns, PortMapping.parseAll(List.of("127.0.0.1::80")));
        String name = ns.getFileName().toString();
        // The path is reused for a new namespace, as /proc/<pid>/ns/net is when a pid is reused;
        // that namespace has an eth0 of its own, which a DEL in the wrong namespace would delete.
        String peer = "drydockr" + fx.config.bridge().substring(7);
        fx.sh("ip netns del " + name + " && ip netns add " + name
                + " && ip link add " + peer + " type veth peer name eth0 netns " + name);
        try {
            assertThat(fx.network.attachment("c-reused").orElseThrow().namespaceAlive()).isFalse();

            NetworkPrune.Report report = new NetworkPrune(fx.network).prune();

            assertThat(report.detached()).containsExactly("c-reused");
            assertThat(fx.sh("ip netns exec " + name + " ip -o link")).contains("eth0");
            assertThat(fx.ipamAllocations()).isEmpty();
            assertThat(fx.ruleLeftovers()).isEmpty();
        } finally {
            fx.sh("ip link del " + peer + " 2>/dev/null || true");
        }
    }

    private static int freePort() throws NetworkException {
        return new HostPortProbe().reserve(PortMapping.parse("127.0.0.1::80")).hostPort();
    }
}
