package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/** Binds on loopback only; needs no privileges. */
class HostPortProbeTest {
    private final HostPortProbe probe = new HostPortProbe();

    @Test
    void reserve_noHostPort_choosesAFreeOne() throws Exception {
        PortMapping chosen = probe.reserve(PortMapping.parse("127.0.0.1::80"));

        assertThat(chosen.hostPort()).isBetween(1, 65535);
        try (ServerSocket s = new ServerSocket(chosen.hostPort(), 1, InetAddress.getLoopbackAddress())) {
            assertThat(s.isBound()).isTrue();
        }
    }

    @Test
    void reserve_tcpPortInUse_isRefusedNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> probe.reserve(PortMapping.parse("127.0.0.1:" + port + ":80")))
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + port + "/tcp")
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void reserve_udpPortInUse_isRefused_whileTcpOnTheSamePortIsFree() throws Exception {
        try (DatagramChannel taken = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            assertThatThrownBy(() -> probe.reserve(PortMapping.parse("127.0.0.1:" + port + ":53/udp")))
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageContaining(port + "/udp");
            assertThat(probe.reserve(PortMapping.parse("127.0.0.1:" + port + ":53")).hostPort()).isEqualTo(port);
        }
    }

    @Test
    void reserve_wildcardMapping_conflictsWithALoopbackListener() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> probe.reserve(PortMapping.parse(port + ":80")))
                    .isInstanceOf(PortUnavailableException.class)
                    .hasMessageContaining(String.valueOf(port));
        }
    }

    @Test
    void reserve_addressNotOnThisHost_saysSo() {
        // 192.0.2.0/24 is TEST-NET-1; binding fails locally, no packet is sent.
        assertThatThrownBy(() -> probe.reserve(PortMapping.parse("192.0.2.123:8080:80")))
                .isInstanceOf(PortUnavailableException.class);
    }
}
