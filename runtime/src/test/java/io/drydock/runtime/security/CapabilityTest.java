package io.drydock.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityTest {

    @Test
    void numbers_followKernelHeader_contiguousFromZeroToForty() {
        assertThat(Capability.CAP_CHOWN.number()).isZero();
        assertThat(Capability.CAP_SYS_ADMIN.number()).isEqualTo(21);
        assertThat(Capability.CAP_AUDIT_WRITE.number()).isEqualTo(29);
        assertThat(Capability.CAP_CHECKPOINT_RESTORE.number()).isEqualTo(40);
        assertThat(Arrays.stream(Capability.values()).mapToInt(Capability::number))
            .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, 40).boxed().toList());
        assertThat(Capability.lastNumber()).isEqualTo(40);
    }

    @Test
    void byName_exactName_found() {
        assertThat(Capability.byName("CAP_SYS_ADMIN")).contains(Capability.CAP_SYS_ADMIN);
    }

    @Test
    void byName_withoutPrefixOrWrongCase_empty() {
        assertThat(Capability.byName("SYS_ADMIN")).isEmpty();
        assertThat(Capability.byName("cap_sys_admin")).isEmpty();
        assertThat(Capability.byName(null)).isEmpty();
    }

    @Test
    void mask_defaultSet_setsBits5And10And29() {
        long mask = Capability.mask(List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"));
        assertThat(mask).isEqualTo((1L << 5) | (1L << 10) | (1L << 29));
    }

    @Test
    void mask_capabilityAbove31_landsInHighWord() {
        assertThat(Capability.mask(List.of("CAP_CHECKPOINT_RESTORE", "CAP_BPF")))
            .isEqualTo((1L << 40) | (1L << 39));
        assertThat(Capability.mask(List.of("CAP_CHECKPOINT_RESTORE")) >>> 32).isEqualTo(1L << 8);
    }

    @Test
    void mask_all_hasFortyOneBits() {
        long all = Capability.mask(Arrays.stream(Capability.values()).map(Enum::name).toList());
        assertThat(all).isEqualTo((1L << 41) - 1);
    }

    @Test
    void mask_emptyAndDuplicates_orTogether() {
        assertThat(Capability.mask(List.of())).isZero();
        assertThat(Capability.mask(List.of("CAP_KILL", "CAP_KILL"))).isEqualTo(1L << 5);
    }

    @Test
    void mask_unknownName_throwsNamingIt() {
        assertThatThrownBy(() -> Capability.mask(List.of("CAP_KILL", "CAP_FLY")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("CAP_FLY");
    }
}
