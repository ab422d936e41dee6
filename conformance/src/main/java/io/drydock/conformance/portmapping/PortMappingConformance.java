package io.drydock.conformance.portmapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drydock.conformance.Area;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.EngineFixture;
import io.drydock.conformance.Requirement;
import io.drydock.conformance.RuntimeUnderTest;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.PortMapping;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** drydock's port mapping: DNAT from host ports to containers on its bridge, and nothing left after removal. */
@Conformance(area = Area.PORT_MAPPING, engine = true)
public class PortMappingConformance {
    private static EngineFixture fixture;

    @BeforeAll
    static void open(RuntimeUnderTest rt) throws Exception {
        if (rt.drydock()) {
            fixture = EngineFixture.open();
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (fixture != null) {
            EngineFixture f = fixture;
            fixture = null;
            f.close();
        }
    }

    private static EngineContainer httpServer(int containerPort, String body, List<PortMapping> ports) throws Exception {
        return fixture.engine().runDetached(RunOptions.of("busybox", List.of("sh", "-c",
                "mkdir -p /www && echo " + body + " > /www/index.html && exec httpd -f -p " + containerPort + " -h /www"))
            .detached().networked(NetworkMode.BRIDGE, ports));
    }

    /** GET / on 127.0.0.1:port, retried while the server starts; null when nothing answers. */
    private static String httpGet(int port, int attempts) throws InterruptedException {
        for (int i = 0; i < attempts; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                s.setSoTimeout(3000);
                s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = s.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return null;
    }

    @Test
    @DisplayName("a mapped TCP port answers from the host and from another container's network namespace")
    @Requirement(section = "claim: port mapping hostIP:hostPort -> container:port/tcp (DNAT, reachable from localhost)")
    void tcpMapping_answersFromHostAndFromAnotherNamespace() throws Exception {
        int port = EngineFixture.freePort();
        EngineContainer server = httpServer(8080, "certify-tcp", List.of(PortMapping.parse(port + ":8080/tcp")));
        String fromHost = httpGet(port, 50);
        assertTrue(fromHost != null && fromHost.contains("certify-tcp"), "from the host, 127.0.0.1:" + port + " answered: " + fromHost);
        String gateway = fixture.engine().config().network().gateway().getHostAddress();
        EngineFixture.Run client = fixture.run(RunOptions.of("busybox", List.of("sh", "-c",
            "printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc " + gateway + " " + port)).removedOnExit());
        assertEquals(0, client.exit(), () -> "another container could not fetch " + gateway + ":" + port + ": " + client.output());
        assertTrue(client.output().contains("certify-tcp"), () -> "another container read: " + client.output());
        fixture.engine().remove(server.id(), true);
    }

    @Test
    @DisplayName("a mapped UDP port delivers datagrams from the host into the container")
    @Requirement(section = "claim: port mapping hostIP:hostPort -> container:port/udp")
    void udpMapping_deliversFromTheHost() throws Exception {
        int port = EngineFixture.freePort();
        EngineContainer c = fixture.engine().runDetached(RunOptions.of("busybox", List.of("sleep", "60")).detached()
            .networked(NetworkMode.BRIDGE, List.of(PortMapping.parse("127.0.0.1:" + port + ":9090/udp"))));
        // busybox has no UDP server; nothing listens on 9090, so each datagram that arrives in the
        // container's network namespace counts in its Udp NoPorts (RFC 1213 udpNoPorts).
        long before = udpNoPorts(c.id());
        byte[] payload = "certify-udp".getBytes(StandardCharsets.US_ASCII);
        long after = before;
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 30 && after == before; i++) {
                s.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
                Thread.sleep(100);
                after = udpNoPorts(c.id());
            }
        }
        assertTrue(after > before, "no datagram sent to 127.0.0.1:" + port + "/udp reached the container (udpNoPorts stayed " + before + ")");
        fixture.engine().remove(c.id(), true);
    }

    /** The container's Udp NoPorts counter from its /proc/net/snmp. */
    private static long udpNoPorts(String container) throws Exception {
        EngineFixture.Run r = fixture.exec(container, "cat", "/proc/net/snmp");
        List<String> udp = r.output().lines().filter(l -> l.startsWith("Udp: ")).toList();
        assertEquals(2, udp.size(), () -> "no Udp lines in the container's /proc/net/snmp: " + r.output());
        List<String> names = List.of(udp.get(0).split("\\s+"));
        return Long.parseLong(udp.get(1).split("\\s+")[names.indexOf("NoPorts")]);
    }

    @Test
    @DisplayName("a port the container listens on but that is not mapped does not answer on the host")
    @Requirement(section = "claim: only mapped ports are published")
    void unmappedPort_doesNotAnswer() throws Exception {
        int mapped = EngineFixture.freePort();
        int unmapped = EngineFixture.freePort();
        EngineContainer server = httpServer(unmapped, "certify-unmapped", List.of(PortMapping.parse(mapped + ":8080/tcp")));
        // The container runs: wait for it to listen (on its own address), then ask the host port.
        String ip = fixture.engine().container(server.id()).address();
        boolean listening = false;
        for (int i = 0; i < 50 && !listening; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, unmapped), 500);
                listening = true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        assertTrue(listening, "the container did not listen on " + ip + ":" + unmapped);
        assertEquals(null, httpGet(unmapped, 3), "127.0.0.1:" + unmapped + ", not mapped, answered");
        fixture.engine().remove(server.id(), true);
    }

    @Test
    @DisplayName("after removal the mapped port no longer answers and no rule for it remains")
    @Requirement(section = "claim: port mappings are removed with their container")
    void removal_leavesNoMapping() throws Exception {
        int port = EngineFixture.freePort();
        EngineContainer server = httpServer(8080, "certify-removed", List.of(PortMapping.parse(port + ":8080/tcp")));
        String before = httpGet(port, 50);
        assertTrue(before != null && before.contains("certify-removed"), "the mapping did not work before removal: " + before);
        String ip = fixture.engine().container(server.id()).address();
        fixture.engine().remove(server.id(), true);
        assertEquals(null, httpGet(port, 3), "127.0.0.1:" + port + " still answers after removal");
        String rules = EngineFixture.iptables();
        List<String> left = rules.lines().filter(l -> l.contains("--dport " + port + " ")
            || (ip != null && !ip.isEmpty() && l.contains(ip + "/") || ip != null && !ip.isEmpty() && l.contains(ip + ":"))).toList();
        assertEquals(List.of(), left, "iptables rules for the removed container's port " + port + " or address " + ip);
        assertFalse(fixture.engine().list(true).stream().anyMatch(c -> c.id().equals(server.id())), "the container is still listed");
    }
}
