package io.drydock.conformance.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drydock.conformance.Area;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.EngineFixture;
import io.drydock.conformance.Requirement;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.network.PortMapping;
import io.drydock.vm.VmSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The VM platform's port mapping: the same DNAT from host ports as for containers, to a guest
 * whose tap is on the bridge. One guest serves every test; the removal test removes it, last.
 */
@Conformance(area = Area.PORT_MAPPING, vm = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class VmPortMappingConformance {
    private static VmFixture fixture;
    private static String name;
    private static int mapped;
    private static int unmapped;
    private static String address;
    private static String tap;

    @BeforeAll
    static void boot() throws Exception {
        fixture = VmFixture.open();
        name = VmFixture.newName();
        mapped = EngineFixture.freePort();
        // The guest also listens here, unmapped: a port free on the host, so nothing else answers on it.
        unmapped = EngineFixture.freePort();
        VmSpec spec = fixture.spec(name, VmSpec.RootMode.INITRAMFS,
            "httpd -p " + unmapped + " -h /www && exec httpd -f -p 8080 -h /www");
        VmPlatform.VmInstance vm = fixture.boot(spec, List.of(PortMapping.parse(mapped + ":8080/tcp")));
        vm.awaitReady();
        address = vm.attachment().orElseThrow().address().getHostAddress();
        tap = fixture.tap(name).orElseThrow();
    }

    @AfterAll
    static void close() throws Exception {
        if (fixture != null) {
            VmFixture f = fixture;
            fixture = null;
            f.close();
        }
    }

    /** GET /index.html from {@code host:port}, retried while the guest's server starts; null when nothing answers. */
    static String httpGet(InetAddress host, int port, int attempts) throws InterruptedException {
        for (int i = 0; i < attempts; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = s.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        return null;
    }

    @Test
    @Order(1)
    @DisplayName("a mapped TCP port of a VM answers from the host on 127.0.0.1")
    @Requirement(section = "claim: port mapping hostIP:hostPort -> VM:port/tcp (DNAT, reachable from localhost)")
    void tcpMapping_answersFromTheHost() throws Exception {
        String got = httpGet(InetAddress.getLoopbackAddress(), mapped, 240);
        assertTrue(got != null && got.contains(VmFixture.PAGE), "127.0.0.1:" + mapped + " answered: " + got);
    }

    @Test
    @Order(2)
    @DisplayName("a mapped TCP port of a VM answers from another network namespace on the bridge")
    @Requirement(section = "claim: port mapping hostIP:hostPort -> VM:port/tcp, reachable from other instances")
    void tcpMapping_answersFromAnotherNetworkNamespace() throws Exception {
        String netns = VmFixture.newLinkName();
        String gateway = fixture.network().config().gateway().getHostAddress();
        EngineFixture.sh("ip netns add " + netns);
        try {
            fixture.network().attachContainer(netns, Path.of("/run/netns", netns), List.of());
            try {
                String got = "";
                for (int i = 0; i < 20 && !got.contains(VmFixture.PAGE); i++) {
                    // busybox's nc: its static wget resolves names through glibc's NSS, which crashes when static.
                    got = EngineFixture.sh("printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | ip netns exec " + netns
                        + " /bin/busybox nc -w 5 " + gateway + " " + mapped);
                }
                String seen = got;
                assertTrue(seen.contains(VmFixture.PAGE), () -> "from network namespace " + netns + ", " + gateway + ":" + mapped
                    + " answered: " + seen);
            } finally {
                fixture.network().detach(netns);
            }
        } finally {
            EngineFixture.sh("ip netns del " + netns);
        }
    }

    @Test
    @Order(3)
    @DisplayName("a port the VM listens on but that is not mapped does not answer on the host")
    @Requirement(section = "claim: only mapped ports are published")
    void unmappedPort_doesNotAnswer() throws Exception {
        String direct = httpGet(InetAddress.getByName(address), unmapped, 120);
        assertNotNull(direct, "the guest does not listen on " + address + ":" + unmapped + " (its own address)");
        assertEquals(null, httpGet(InetAddress.getLoopbackAddress(), unmapped, 3), "127.0.0.1:" + unmapped + ", not mapped, answered");
    }

    @Test
    @Order(4)
    @DisplayName("after the VM's removal its mapping, rules, tap and address are gone")
    @Requirement(section = "claim: port mappings are removed with their VM")
    void removal_leavesNoMappingTapOrAddress() throws Exception {
        String before = httpGet(InetAddress.getLoopbackAddress(), mapped, 240);
        assertTrue(before != null && before.contains(VmFixture.PAGE), "the mapping did not work before removal: " + before);
        fixture.remove(name);
        assertEquals(null, httpGet(InetAddress.getLoopbackAddress(), mapped, 3), "127.0.0.1:" + mapped + " still answers after removal");
        assertEquals(List.of(), fixture.leftovers(name, tap, address, List.of(mapped)), "what the removed VM left");
    }
}
