package io.drydock.conformance;

import static io.drydock.conformance.Reports.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.conformance.Outcome.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final Outcome PASS = outcome("a", Area.LIFECYCLE, Level.MUST, Status.PASSED, "");

    @Test
    void of_allPassedAndNotApplicable_isCertified() {
        assertThat(Verdict.of(List.of(PASS,
            outcome("b", Area.PORT_MAPPING, Level.MUST, Status.NOT_APPLICABLE, "not applicable")))).isEqualTo(Verdict.CERTIFIED);
    }

    @Test
    void of_shouldFailureOnly_isStillCertified() {
        assertThat(Verdict.of(List.of(PASS, outcome("b", Area.LIFECYCLE, Level.SHOULD, Status.FAILED, "x"))))
            .isEqualTo(Verdict.CERTIFIED);
    }

    @Test
    void of_declaredSkip_isPartial() {
        assertThat(Verdict.of(List.of(PASS, outcome("b", Area.ISOLATION, Level.MUST, Status.SKIPPED, "needs a freezer"))))
            .isEqualTo(Verdict.PARTIAL);
    }

    @Test
    void of_mustFailure_isNotCertified() {
        assertThat(Verdict.of(List.of(PASS, outcome("b", Area.ISOLATION, Level.MUST, Status.FAILED, "x"),
            outcome("c", Area.ISOLATION, Level.MUST, Status.SKIPPED, "needs y")))).isEqualTo(Verdict.NOT_CERTIFIED);
    }

    @Test
    void of_undeclaredSkip_isNotCertified() {
        assertThat(Verdict.of(List.of(PASS, outcome("b", Area.ISOLATION, Level.SHOULD, Status.SKIPPED_UNDECLARED, "disabled"))))
            .isEqualTo(Verdict.NOT_CERTIFIED);
    }

    @Test
    void areaParse_unknownValue_namesItAndTheKnownAreas() {
        assertThat(Area.parse(" Port-Mapping ")).isEqualTo(Area.PORT_MAPPING);
        assertThatThrownBy(() -> Area.parse("network")).hasMessageContaining("'network'").hasMessageContaining("port-mapping, cow");
    }

    @Test
    void outcome_negativeDuration_isRefusedNamingTheTest() {
        assertThatThrownBy(() -> new Outcome("x.y", "n", Area.COW, "s", Level.MUST, Status.PASSED, "", java.time.Duration.ofMillis(-1)))
            .hasMessageContaining("x.y").hasMessageContaining("duration");
    }
}
