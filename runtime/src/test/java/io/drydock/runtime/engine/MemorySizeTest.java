package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "64m, 67108864",
        "64M, 67108864",
        "64mb, 67108864",
        "1g, 1073741824",
        "8192k, 8388608",
        "1.5g, 1610612736",
        "7340032, 7340032",
        "7340032b, 7340032",
    })
    void parse_validSize_givesBytes(String value, long bytes) {
        assertThat(MemorySize.parse("--memory", value)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {" ", "m", "64x", "-1m", "64 mm", "1e9", "ten"})
    void parse_malformed_namesOptionAndValue(String value) {
        assertThatThrownBy(() -> MemorySize.parse("--memory", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--memory '" + value + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1k", "5m", "100"})
    void parse_belowMinimum_isRefused(String value) {
        assertThatThrownBy(() -> MemorySize.parse("--memory", value)).hasMessageContaining("minimum");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"99999999999g", "9999999999999999999999"})
    void parse_overflow_isRefused(String value) {
        assertThatThrownBy(() -> MemorySize.parse("--memory", value)).hasMessageContaining("too large");
    }
}
