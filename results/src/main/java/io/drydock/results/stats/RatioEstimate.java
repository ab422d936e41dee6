package io.drydock.results.stats;

import io.drydock.results.schema.Figure;
import java.util.Arrays;
import java.util.Optional;

/**
 * One figure against another of the same run, as every ratio the results report is read: from the
 * pairs of forks that ran in the same interleaved runs where there are any ({@link ForkPairs}: the
 * typical pair's ratio, the pairs resampled), else as the ratio of the two fork means with each
 * side's forks resampled apart.
 *
 * @param value     the ratio, positive
 * @param interval  its percentile-bootstrap interval, or null where a side of an unpaired ratio has one fork
 * @param forks     the subject's forks it rests on (the pairs, when paired)
 * @param peerForks the reference's forks it rests on (the pairs, when paired)
 * @param paired    whether it was read from pairs
 */
public record RatioEstimate(double value, Interval interval, int forks, int peerForks, boolean paired) {

    /** {@code subject} against {@code reference}, or empty when a sample of either is not positive. */
    public static Optional<RatioEstimate> of(Figure subject, Figure reference, Bootstrap bootstrap, double level) {
        double[] s = subject.samples();
        double[] r = reference.samples();
        if (Arrays.stream(s).anyMatch(v -> !(v > 0)) || Arrays.stream(r).anyMatch(v -> !(v > 0))) {
            return Optional.empty();
        }
        Optional<ForkPairs> pairs = ForkPairs.of(subject, reference);
        if (pairs.isPresent()) {
            ForkPairs p = pairs.get();
            return Optional.of(new RatioEstimate(p.ratio(), p.ratioInterval(bootstrap, level), p.size(), p.size(), true));
        }
        Interval ci = s.length >= 2 && r.length >= 2 ? bootstrap.ratioOfMeans(r, s, level) : null;
        return Optional.of(new RatioEstimate(subject.mean() / reference.mean(), ci, s.length, r.length, false));
    }
}
