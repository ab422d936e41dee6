package io.drydock.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void supported_fromTheMinimumToTheCurrentVersion() {
        assertThat(ApiVersion.supported("1.41")).isTrue();
        assertThat(ApiVersion.supported("1.24")).isTrue();
        assertThat(ApiVersion.supported("1.42")).isFalse();
        assertThat(ApiVersion.supported("2.0")).isFalse();
        assertThat(ApiVersion.supported("1.x")).isFalse();
    }
}
