package io.drydock.results.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini-Hochberg adjustment: when many figures are tested at once, calling a figure changed
 * only if its adjusted p-value (q) is at most α keeps the expected share of false discoveries
 * among the changed figures at most α.
 */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {
    }

    /**
     * The adjusted p-values, in the order of {@code p}: q(i) = min over j ranked at or above i of
     * p(j)·m/rank(j), capped at 1.
     */
    public static double[] adjust(double[] p) {
        int m = p.length;
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("a p-value must lie in [0, 1], was " + v);
            }
        }
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] q = new double[m];
        double running = 1;
        for (int r = m - 1; r >= 0; r--) {
            int i = order[r];
            running = Math.min(running, p[i] * m / (r + 1));
            q[i] = running;
        }
        return q;
    }
}
