package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4SubnetTest {
    @Test
    void parse_cidr_givesHostsAndMembership() {
        Ipv4Subnet s = Ipv4Subnet.parse("10.89.0.0/24");

        assertThat(s.toString()).isEqualTo("10.89.0.0/24");
        assertThat(s.host(1).getHostAddress()).isEqualTo("10.89.0.1");
        assertThat(s.contains(s.host(254))).isTrue();
        assertThat(s.contains(PortMapping.ipv4("x", "10.89.1.1"))).isFalse();
        assertThat(s.isUsableHost(PortMapping.ipv4("x", "10.89.0.255"))).isFalse();
        assertThat(s.isUsableHost(PortMapping.ipv4("x", "10.89.0.0"))).isFalse();
        assertThat(s.overlaps(Ipv4Subnet.parse("10.0.0.0/8"))).isTrue();
        assertThat(s.overlaps(Ipv4Subnet.parse("10.89.1.0/24"))).isFalse();
    }

    @Test
    void parse_badValues_areRefusedNamingThem() {
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.89.0.1/24")).hasMessageContaining("host bits");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.89.0.0")).hasMessageContaining("'10.89.0.0'");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.89.0.0/31")).hasMessageContaining("/31");
        assertThatThrownBy(() -> Ipv4Subnet.parse("ten/24")).hasMessageContaining("'ten/24'");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.89.0.0/x")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.89.0.0/24").host(255)).hasMessageContaining("outside");
    }
}
