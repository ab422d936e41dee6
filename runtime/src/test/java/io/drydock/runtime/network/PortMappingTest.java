package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PortMappingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // value                  | hostIp     | hostPort | containerPort | protocol | canonical
        "80                       |            | 0        | 80            | TCP      | 80/tcp",
        "53/udp                   |            | 0        | 53            | UDP      | 53/udp",
        "8080:80                  |            | 8080     | 80            | TCP      | 8080:80/tcp",
        "8080:80/tcp              |            | 8080     | 80            | TCP      | 8080:80/tcp",
        "5353:53/UDP              |            | 5353     | 53            | UDP      | 5353:53/udp",
        "127.0.0.1:8080:80        | 127.0.0.1  | 8080     | 80            | TCP      | 127.0.0.1:8080:80/tcp",
        "127.0.0.1::80            | 127.0.0.1  | 0        | 80            | TCP      | 127.0.0.1::80/tcp",
        "10.1.2.3:65535:1/udp     | 10.1.2.3   | 65535    | 1             | UDP      | 10.1.2.3:65535:1/udp",
        "0.0.0.0:8080:80          |            | 8080     | 80            | TCP      | 8080:80/tcp",
        ":80                      |            | 0        | 80            | TCP      | 80/tcp",
        "' 8080:80 '              |            | 8080     | 80            | TCP      | 8080:80/tcp",
    })
    void parse_validValue_readsEveryPart(String value, String hostIp, int hostPort, int containerPort,
                                         PortMapping.Protocol protocol, String canonical) {
        PortMapping p = PortMapping.parse(value);

        assertThat(p.hostIp() == null ? null : p.hostIp().getHostAddress()).isEqualTo(hostIp);
        assertThat(p.hostPort()).isEqualTo(hostPort);
        assertThat(p.containerPort()).isEqualTo(containerPort);
        assertThat(p.protocol()).isEqualTo(protocol);
        assertThat(p.toString()).isEqualTo(canonical);
        assertThat(PortMapping.parse(p.toString())).isEqualTo(p);
        assertThat(p.hostPortChosenLater()).isEqualTo(hostPort == 0);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {
        "", " ", "abc", "80/sctp", "80/", "/tcp", "8080:", "0", "0:80", "8080:0", "65536", "65536:80",
        "8080:65536", "-1:80", "+80", "80.5", "123456", "8080-8081:80", "8080:80-81", "1.2.3:8080:80",
        "1.2.3.256:8080:80", "localhost:8080:80", "[::1]:8080:80", "::1:8080:80", "a:b:c:d", "1.2.3.4:8080:80:90",
        "1.2.3.4:x:80", "01.2.3.4.5:1:1", "1.2.3.4:8080:",
    })
    void parse_malformedValue_isRefusedNamingIt(String value) {
        assertThatThrownBy(() -> PortMapping.parse(value))
                .isInstanceOf(InvalidPortMappingException.class)
                .hasMessageContaining("'" + value + "'")
                .satisfies(e -> assertThat(((InvalidPortMappingException) e).value()).isEqualTo(value));
    }

    @Test
    void parse_null_isRefused() {
        assertThatThrownBy(() -> PortMapping.parse(null)).isInstanceOf(InvalidPortMappingException.class);
    }

    @Test
    void parse_outOfRangePort_saysTheRange() {
        assertThatThrownBy(() -> PortMapping.parse("70000:80")).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> PortMapping.parse("8080:0")).hasMessageContaining("container port 0 is outside 1-65535");
    }

    @Test
    void parseAll_severalValues_keepsOrder() {
        List<PortMapping> all = PortMapping.parseAll(List.of("8080:80", "127.0.0.1:8443:443", "53/udp", "53"));

        assertThat(all).extracting(PortMapping::toString)
                .containsExactly("8080:80/tcp", "127.0.0.1:8443:443/tcp", "53/udp", "53/tcp");
    }

    @Test
    void parseAll_sameHostPortTwice_isRefusedNamingBoth() {
        assertThatThrownBy(() -> PortMapping.parseAll(List.of("8080:80", "127.0.0.1:8080:81")))
                .isInstanceOf(InvalidPortMappingException.class)
                .hasMessageContaining("'127.0.0.1:8080:81'")
                .hasMessageContaining("'8080:80'");
    }

    @Test
    void parseAll_samePortOtherProtocolOrOtherAddress_isAccepted() {
        assertThat(PortMapping.parseAll(List.of("8080:80", "8080:80/udp"))).hasSize(2);
        assertThat(PortMapping.parseAll(List.of("127.0.0.1:8080:80", "127.0.0.2:8080:80"))).hasSize(2);
        assertThat(PortMapping.parseAll(List.of("80", "80"))).hasSize(2);
    }

    @Test
    void parseAll_badValue_namesThatValue() {
        assertThatThrownBy(() -> PortMapping.parseAll(List.of("8080:80", "99999:80")))
                .hasMessageContaining("'99999:80'");
    }

    @Test
    void withHostPort_fillsAChosenPort() {
        PortMapping chosen = PortMapping.parse("127.0.0.1::80").withHostPort(41000);

        assertThat(chosen.toString()).isEqualTo("127.0.0.1:41000:80/tcp");
        assertThat(chosen.hostEndpoint()).isEqualTo("127.0.0.1:41000/tcp");
    }

    @Test
    void constructor_outOfRange_isRefused() {
        assertThatThrownBy(() -> new PortMapping(null, 70000, 80, PortMapping.Protocol.TCP))
                .hasMessageContaining("hostPort 70000");
        assertThatThrownBy(() -> new PortMapping(null, 80, 0, PortMapping.Protocol.TCP))
                .hasMessageContaining("containerPort 0");
    }

    @Test
    void clashesWith_wildcardAddress_clashesWithEverySpecificOne() {
        PortMapping all = PortMapping.parse("8080:80");

        assertThat(all.clashesWith(PortMapping.parse("127.0.0.1:8080:81"))).isTrue();
        assertThat(all.clashesWith(PortMapping.parse("8080:80/udp"))).isFalse();
        assertThat(PortMapping.parse("127.0.0.1:8080:80").clashesWith(PortMapping.parse("127.0.0.2:8080:80"))).isFalse();
    }
}
