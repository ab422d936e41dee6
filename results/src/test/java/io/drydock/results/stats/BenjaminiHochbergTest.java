package io.drydock.results.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class BenjaminiHochbergTest {
    @Test
    void adjust_keepsInputOrder_andIsMonotoneInRank() {
        double[] q = BenjaminiHochberg.adjust(new double[] {0.04, 0.01, 0.03, 0.20});
        // Ranked 0.01, 0.03, 0.04, 0.20 → 0.04, 0.06, 0.0533→0.0533, 0.20; then the running minimum from the top.
        assertThat(q[1]).isCloseTo(0.04, offset(1e-12));
        assertThat(q[2]).isCloseTo(0.0533333, offset(1e-6));
        assertThat(q[0]).isCloseTo(0.0533333, offset(1e-6));
        assertThat(q[3]).isCloseTo(0.20, offset(1e-12));
    }

    @Test
    void adjust_manyNullFigures_raisesALoneSmallPAboveAlpha() {
        double[] p = new double[100];
        java.util.Arrays.fill(p, 0.5);
        p[0] = 0.01; // would pass alone at 5%, but not as one of a hundred
        assertThat(BenjaminiHochberg.adjust(p)[0]).isGreaterThan(0.05);
    }

    @Test
    void adjust_refusesAPValueOutsideZeroOne() {
        assertThatThrownBy(() -> BenjaminiHochberg.adjust(new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
