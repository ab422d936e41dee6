package io.drydock.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RlimitTypeTest {

    @Test
    void resource_genericNumbering_zeroToFifteen() {
        assertThat(RlimitType.RLIMIT_CPU.resource()).isZero();
        assertThat(RlimitType.RLIMIT_NOFILE.resource()).isEqualTo(7);
        assertThat(RlimitType.RLIMIT_AS.resource()).isEqualTo(9);
        assertThat(RlimitType.RLIMIT_RTTIME.resource()).isEqualTo(15);
        assertThat(Arrays.stream(RlimitType.values()).mapToInt(RlimitType::resource))
            .containsExactlyElementsOf(IntStream.rangeClosed(0, 15).boxed().toList());
    }

    @Test
    void byName_knownAndUnknown() {
        assertThat(RlimitType.byName("RLIMIT_NPROC")).contains(RlimitType.RLIMIT_NPROC);
        assertThat(RlimitType.byName("RLIMIT_FILES")).isEmpty();
        assertThat(RlimitType.byName("nofile")).isEmpty();
    }
}
