package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalNumberTest {
    @Test
    void parse_namesAndNumbers_giveTheNumber() {
        assertThat(SignalNumber.parse("TERM")).isEqualTo(15);
        assertThat(SignalNumber.parse("sigkill")).isEqualTo(9);
        assertThat(SignalNumber.parse("SIGUSR1")).isEqualTo(10);
        assertThat(SignalNumber.parse("2")).isEqualTo(2);
    }

    @Test
    void parse_unknown_namesValue() {
        assertThatThrownBy(() -> SignalNumber.parse("SIGFOO")).hasMessageContaining("'SIGFOO'");
        assertThatThrownBy(() -> SignalNumber.parse("0")).hasMessageContaining("'0'");
        assertThatThrownBy(() -> SignalNumber.parse("65")).hasMessageContaining("'65'");
    }
}
