package io.drydock.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KillPointTest {
    @AfterEach
    void clear() {
        System.clearProperty(KillPoint.PROPERTY);
    }

    @Test
    void armed_commaSeparatedPhases_areEachArmed() {
        System.setProperty(KillPoint.PROPERTY, " cgroup, network ,");
        assertThat(KillPoint.armed()).containsExactlyInAnyOrder(KillPoint.CGROUP, KillPoint.NETWORK);
    }

    @Test
    void reach_phaseNotArmed_doesNothing() {
        System.setProperty(KillPoint.PROPERTY, KillPoint.SHIM);
        // Reaching another phase returns (were the hook wrong, this JVM would be gone).
        KillPoint.reach(KillPoint.RECORD);
        assertThat(KillPoint.armed()).containsExactly(KillPoint.SHIM);
    }
}
