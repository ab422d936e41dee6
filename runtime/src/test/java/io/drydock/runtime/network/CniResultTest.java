package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CniResultTest {
    static String fixture(String name) throws IOException {
        try (InputStream in = CniResultTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parse_bridgeResult_readsInterfacesIpsRoutesAndDns() throws IOException {
        CniResult r = CniResult.parse(fixture("bridge-add-result.json"));

        assertThat(r.cniVersion()).isEqualTo("1.0.0");
        assertThat(r.interfaces()).extracting(CniResult.Interface::name).containsExactly("drydock0", "vethbed13ab0", "eth0");
        assertThat(r.interfaces().get(0).inSandbox()).isFalse();
        assertThat(r.sandboxInterface("eth0")).get()
                .extracting(CniResult.Interface::mac, CniResult.Interface::sandbox)
                .containsExactly("a6:42:2c:24:20:14", "/run/netns/drydock-exp1");
        CniResult.IpConfig ip = r.firstIpv4().orElseThrow();
        assertThat(ip.cidr()).isEqualTo("10.89.0.2/24");
        assertThat(ip.gateway().getHostAddress()).isEqualTo("10.89.0.1");
        assertThat(ip.interfaceIndex()).isEqualTo(2);
        assertThat(r.routes()).containsExactly(new CniResult.Route("0.0.0.0/0", null));
        assertThat(r.dns().nameservers()).containsExactly("10.89.0.1");
        assertThat(r.dns().domain()).isEqualTo("drydock.internal");
        assertThat(r.dns().search()).containsExactly("drydock.internal");
        assertThat(r.dns().options()).containsExactly("ndots:1");
    }

    @Test
    void parse_keepsFieldsItDoesNotModel_forPrevResult() throws IOException {
        CniResult r = CniResult.parse(fixture("bridge-add-result.json"));

        assertThat(r.tree().at("/somePluginExtension/kept").asBoolean()).isTrue();
    }

    @Test
    void parse_hostLocalResult_withoutInterfaces() {
        CniResult r = CniResult.parse("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.89.0.7/24\",\"gateway\":\"10.89.0.1\"}],\"dns\":{}}");

        assertThat(r.interfaces()).isEmpty();
        assertThat(r.firstIpv4().orElseThrow().interfaceIndex()).isEqualTo(-1);
        assertThat(r.dns().nameservers()).isEmpty();
    }

    @Test
    void parse_ipv6Address_isNotTheFirstIpv4() {
        CniResult r = CniResult.parse("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"fd00::5/64\"},{\"address\":\"10.0.0.5/8\"}]}");

        assertThat(r.ips()).hasSize(2);
        assertThat(r.ips().get(0).isIpv4()).isFalse();
        assertThat(r.firstIpv4().orElseThrow().cidr()).isEqualTo("10.0.0.5/8");
    }

    @Test
    void parse_malformedFields_areRefusedNamingTheField() {
        assertThatThrownBy(() -> CniResult.parse("{\"ips\":[{\"address\":\"10.0.0.5\"}]}"))
                .hasMessageContaining("ips[0].address '10.0.0.5'");
        assertThatThrownBy(() -> CniResult.parse("{\"ips\":[{\"address\":\"example.com/24\"}]}"))
                .hasMessageContaining("ips[0].address");
        assertThatThrownBy(() -> CniResult.parse("{\"ips\":[{\"address\":\"10.0.0.5/24\",\"interface\":3}]}"))
                .hasMessageContaining("ips[0].interface 3");
        assertThatThrownBy(() -> CniResult.parse("{\"interfaces\":[{\"mac\":\"x\"}]}"))
                .hasMessageContaining("interfaces[0] has no name");
        assertThatThrownBy(() -> CniResult.parse("{\"routes\":[{\"gw\":\"10.0.0.1\"}]}"))
                .hasMessageContaining("routes[0] has no dst");
        assertThatThrownBy(() -> CniResult.parse("[]")).hasMessageContaining("not a JSON object");
    }
}
