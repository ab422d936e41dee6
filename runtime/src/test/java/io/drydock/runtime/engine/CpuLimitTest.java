package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuLimitTest {

    @Test
    void quotaUs_halfACpu_isHalfThePeriod() {
        assertThat(CpuLimit.parse("0.5", 2).quotaUs()).isEqualTo(50_000);
        assertThat(CpuLimit.parse("2", 2).quotaUs()).isEqualTo(200_000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-1", "abc", "3", "0.001", "NaN"})
    void parse_outOfRangeOrMalformed_namesValue(String value) {
        assertThatThrownBy(() -> CpuLimit.parse(value, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + value + "'");
    }
}
