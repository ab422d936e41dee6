package io.drydock.runtime.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalNameTest {
    @Test
    void parse_namesAndNumbers_giveTheNumber() {
        assertThat(SignalName.parse("TERM")).isEqualTo(15);
        assertThat(SignalName.parse("sigkill")).isEqualTo(9);
        assertThat(SignalName.parse("SIGUSR1")).isEqualTo(10);
        assertThat(SignalName.parse("2")).isEqualTo(2);
    }

    @Test
    void parse_unknown_namesValue() {
        assertThatThrownBy(() -> SignalName.parse("SIGFOO")).hasMessageContaining("'SIGFOO'");
        assertThatThrownBy(() -> SignalName.parse("0")).hasMessageContaining("'0'");
        assertThatThrownBy(() -> SignalName.parse("65")).hasMessageContaining("'65'");
    }
}
