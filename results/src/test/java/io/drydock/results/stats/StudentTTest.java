package io.drydock.results.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class StudentTTest {
    @Test
    void cdf_oneDegreeOfFreedom_isTheCauchyCdf() {
        assertThat(new StudentT(1).cdf(1)).isCloseTo(0.75, offset(1e-12));
        assertThat(new StudentT(1).cdf(-1)).isCloseTo(0.25, offset(1e-12));
    }

    @Test
    void twoSidedP_matchesTables() {
        // t = 2.228 at df = 10 is the 97.5% point: two-sided p = 0.05.
        assertThat(new StudentT(10).twoSidedP(2.228139)).isCloseTo(0.05, offset(1e-5));
        assertThat(new StudentT(4).twoSidedP(0)).isCloseTo(1, offset(1e-12));
    }

    @Test
    void quantile_matchesTables() {
        assertThat(new StudentT(4).quantile(0.975)).isCloseTo(2.776445, offset(1e-5));
        assertThat(new StudentT(30).quantile(0.975)).isCloseTo(2.042272, offset(1e-5));
        assertThat(new StudentT(7.5).quantile(0.5)).isCloseTo(0, offset(1e-6));
    }

    @Test
    void logGamma_ofIntegers_isLogFactorial() {
        assertThat(StudentT.logGamma(5)).isCloseTo(Math.log(24), offset(1e-12));
        assertThat(StudentT.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), offset(1e-12));
    }
}
