package io.drydock.runtime.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworkModeTest {
    @Test
    void parse_knownNames_anyCase() {
        assertThat(NetworkMode.parse("host")).isEqualTo(NetworkMode.HOST);
        assertThat(NetworkMode.parse("NONE")).isEqualTo(NetworkMode.NONE);
        assertThat(NetworkMode.parse(" Bridge ")).isEqualTo(NetworkMode.BRIDGE);
        assertThat(NetworkMode.BRIDGE.toString()).isEqualTo("bridge");
    }

    @Test
    void parse_unknownName_isRefusedNamingIt() {
        assertThatThrownBy(() -> NetworkMode.parse("container:x")).hasMessageContaining("'container:x'");
        assertThatThrownBy(() -> NetworkMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyBridgeMapsPorts_onlyHostSharesTheNamespace() {
        assertThat(NetworkMode.BRIDGE.supportsPortMapping()).isTrue();
        assertThat(NetworkMode.NONE.supportsPortMapping()).isFalse();
        assertThat(NetworkMode.HOST.supportsPortMapping()).isFalse();
        assertThat(NetworkMode.HOST.hasOwnNamespace()).isFalse();
        assertThat(NetworkMode.NONE.hasOwnNamespace()).isTrue();
    }
}
