package io.drydock.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"web", "drydock-1a2b", "a.b_c+d-e", "0", "A"})
    void of_allowedCharacters_accepted(String id) {
        assertThat(ContainerId.of(id).value()).isEqualTo(id);
    }

    @Test
    void of_empty_rejectedAsEmpty() {
        assertThatThrownBy(() -> ContainerId.of(""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> ContainerId.of(null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
    }

    @Test
    void of_slash_rejectedNamingSlash() {
        assertThatThrownBy(() -> ContainerId.of("../etc/passwd"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "x:y", "tab\t", "ünï", "a*", "$HOME"})
    void of_otherCharacters_rejected(String id) {
        assertThat(ContainerId.problem(id)).contains("may contain only letters, digits and _ . + -");
    }

    @Test
    void of_dotAndDotDot_rejected() {
        assertThat(ContainerId.problem(".")).isPresent();
        assertThat(ContainerId.problem("..")).isPresent();
    }

    @Test
    void of_tooLong_rejected() {
        assertThat(ContainerId.problem("a".repeat(256))).isPresent();
        assertThat(ContainerId.problem("a".repeat(255))).isEmpty();
    }
}
