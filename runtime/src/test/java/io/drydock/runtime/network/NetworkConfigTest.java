package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkConfigTest {
    @TempDir
    Path root;

    @Test
    void defaults_areTheDrydockNetwork() {
        NetworkConfig c = NetworkConfig.defaults(root);

        assertThat(c.name()).isEqualTo("drydock");
        assertThat(c.bridge()).isEqualTo("drydock0");
        assertThat(c.subnet().toString()).isEqualTo("10.89.0.0/24");
        assertThat(c.gateway().getHostAddress()).isEqualTo("10.89.0.1");
        assertThat(c.stateDir()).isEqualTo(root.resolve("networks/drydock"));
        assertThat(c.ipamAllocationDir()).isEqualTo(root.resolve("networks/drydock/ipam/drydock"));
    }

    @Test
    void containerConflist_isBridgeWithHostLocalThenPortmap() throws Exception {
        NetworkConfig c = NetworkConfig.defaults(root);

        JsonNode list = CniJson.MAPPER.readTree(c.containerConflist().toJson());

        assertThat(list.get("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(list.get("name").asText()).isEqualTo("drydock");
        assertThat(list.get("plugins")).hasSize(2);
        JsonNode bridge = list.get("plugins").get(0);
        assertThat(bridge.get("type").asText()).isEqualTo("bridge");
        assertThat(bridge.get("bridge").asText()).isEqualTo("drydock0");
        assertThat(bridge.get("isGateway").asBoolean()).isTrue();
        assertThat(bridge.get("ipMasq").asBoolean()).isTrue();
        assertThat(bridge.get("hairpinMode").asBoolean()).isTrue();
        JsonNode ipam = bridge.get("ipam");
        assertThat(ipam.get("type").asText()).isEqualTo("host-local");
        assertThat(ipam.get("dataDir").asText()).isEqualTo(root.resolve("networks/drydock/ipam").toString());
        assertThat(ipam.at("/ranges/0/0/subnet").asText()).isEqualTo("10.89.0.0/24");
        assertThat(ipam.at("/ranges/0/0/gateway").asText()).isEqualTo("10.89.0.1");
        assertThat(ipam.at("/routes/0/dst").asText()).isEqualTo("0.0.0.0/0");
        JsonNode portmap = list.get("plugins").get(1);
        assertThat(portmap.get("type").asText()).isEqualTo("portmap");
        assertThat(portmap.at("/capabilities/portMappings").asBoolean()).isTrue();
        assertThat(portmap.get("snat").asBoolean()).isTrue();
    }

    @Test
    void instanceConflist_sharesTheIpamPoolAndPortmap() {
        NetworkConfig c = NetworkConfig.defaults(root);

        CniConfigList instance = c.instanceConflist();

        assertThat(instance.name()).isEqualTo("drydock");
        assertThat(instance.pluginTypes()).containsExactly("host-local", "portmap");
        assertThat(instance.plugins().get(0).get("ipam"))
                .isEqualTo(c.containerConflist().plugins().get(0).get("ipam"));
        assertThat(c.portMapOnlyConflist().pluginTypes()).containsExactly("portmap");
    }

    @Test
    void loopbackConflist_isTheLoopbackPluginAlone() throws Exception {
        JsonNode lo = CniJson.MAPPER.readTree(NetworkConfig.defaults(root).loopbackConflist().toJson());

        assertThat(lo.get("name").asText()).isEqualTo("drydock-loopback");
        assertThat(lo.at("/plugins/0/type").asText()).isEqualTo("loopback");
        assertThat(lo.get("plugins")).hasSize(1);
    }

    @Test
    void write_putsBothConflistsUnderTheStateDir_readableBack() throws Exception {
        NetworkConfig c = NetworkConfig.defaults(root);

        c.write();

        CniConfigList read = CniConfigList.parse(Files.readString(c.conflistFile()));
        assertThat(read).isEqualTo(c.containerConflist());
        assertThat(c.stateDir().resolve("drydock-loopback.conflist")).exists();
    }

    @Test
    void constructor_badValues_areRefusedNamingThem() {
        Ipv4Subnet subnet = Ipv4Subnet.parse("10.89.0.0/24");
        assertThatThrownBy(() -> NetworkConfig.of("-bad", "br0", subnet, root)).hasMessageContaining("'-bad'");
        assertThatThrownBy(() -> NetworkConfig.of("ok", "a-bridge-name-too-long", subnet, root))
                .hasMessageContaining("'a-bridge-name-too-long'");
        assertThatThrownBy(() -> NetworkConfig.of("ok", "br/0", subnet, root)).hasMessageContaining("'br/0'");
        assertThatThrownBy(() -> new NetworkConfig("ok", "br0", subnet, PortMapping.ipv4("x", "10.89.1.1"), root))
                .hasMessageContaining("10.89.1.1");
        assertThatThrownBy(() -> new NetworkConfig("ok", "br0", subnet, PortMapping.ipv4("x", "10.89.0.255"), root))
                .hasMessageContaining("10.89.0.255");
    }

    @Test
    void conflistParse_refusesAPluginWithoutAUsableType() {
        assertThatThrownBy(() -> CniConfigList.parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"../evil\"}]}"))
                .hasMessageContaining("plugins[0].type '../evil'");
        assertThatThrownBy(() -> CniConfigList.parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[]}"))
                .hasMessageContaining("no plugins");
        assertThatThrownBy(() -> CniConfigList.parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}"))
                .hasMessageContaining("no 'plugins'");
        assertThatThrownBy(() -> CniConfigList.parse("not json")).hasMessageContaining("not valid JSON");
    }
}
