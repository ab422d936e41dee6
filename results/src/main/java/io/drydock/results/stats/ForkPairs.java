package io.drydock.results.stats;

import io.drydock.results.schema.Figure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two figures' per-fork samples lined up by the interleaved run ({@link Figure#slots()}) each fork
 * was measured in. {@code drydock bench} runs one fork of every platform per run, back to back, so
 * load from a neighbour or a change of the host's pace that moved one fork of a run moved the
 * other alike; the ratio is then read from the pairs ({@link #ratio()}: the typical pair's ratio)
 * and its interval resamples the pairs, so what a pair shares cancels out.
 *
 * <p>Forks of one figure with no partner in the other (a round that reran only one side of this
 * ratio for another ratio's sake) stay out of the paired ratio: they ran beside other platforms'
 * forks, not this one's. Figures are paired only when both name a slot for every fork, no slot
 * twice, and share at least two.
 *
 * @param subject          the numerator's samples of the shared slots, in the reference's order
 * @param reference        the denominator's samples of the shared slots
 * @param subjectOnly      the numerator's other samples
 * @param referenceOnly    the denominator's other samples
 */
public record ForkPairs(double[] subject, double[] reference, double[] subjectOnly, double[] referenceOnly) {

    /** The pairs of {@code subject} and {@code reference}, or empty where fewer than two can be formed. */
    public static Optional<ForkPairs> of(Figure subject, Figure reference) {
        List<String> s = subject.slots();
        List<String> r = reference.slots();
        if (s == null || r == null || new HashSet<>(s).size() != s.size() || new HashSet<>(r).size() != r.size()) {
            return Optional.empty();
        }
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            at.put(s.get(i), i);
        }
        double[] sSamples = subject.samples();
        double[] rSamples = reference.samples();
        List<Double> pairedS = new ArrayList<>();
        List<Double> pairedR = new ArrayList<>();
        List<Double> onlyR = new ArrayList<>();
        boolean[] partnered = new boolean[s.size()];
        for (int i = 0; i < r.size(); i++) {
            Integer j = at.get(r.get(i));
            if (j == null) {
                onlyR.add(rSamples[i]);
            } else {
                pairedS.add(sSamples[j]);
                pairedR.add(rSamples[i]);
                partnered[j] = true;
            }
        }
        if (pairedS.size() < 2) {
            return Optional.empty();
        }
        List<Double> onlyS = new ArrayList<>();
        for (int j = 0; j < s.size(); j++) {
            if (!partnered[j]) {
                onlyS.add(sSamples[j]);
            }
        }
        return Optional.of(new ForkPairs(array(pairedS), array(pairedR), array(onlyS), array(onlyR)));
    }

    /** How many pairs. */
    public int size() {
        return reference.length;
    }

    /**
     * The ratio subject / reference that the pairs give: the Hodges-Lehmann estimate of their log
     * ratios ({@link Bootstrap#pairedRatio}), which a pair that something moved on one side only
     * (a step of the disk's pace between its two forks, a spell of a neighbour's load during one)
     * shifts by one rank instead of by its size, as it would a ratio of means.
     */
    public double ratio() {
        return Bootstrap.pairedRatio(reference, subject);
    }

    /** The interval of {@link #ratio()}, each resample drawing as many pairs as there are. */
    public Interval ratioInterval(Bootstrap bootstrap, double level) {
        return bootstrap.pairedRatioInterval(reference, subject, level);
    }

    private static double[] array(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
