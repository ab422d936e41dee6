package io.drydock.results.stats;

import io.drydock.results.schema.Figure;
import io.drydock.results.schema.Ratio;
import io.drydock.results.schema.RatioPrecision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The ratios a run reports: every platform's figure against its peer's figure of the same
 * measurement (benchmark, metric, mode, workload, limits) in the same run, each with a seeded
 * percentile-bootstrap interval over forks (a fork is one sample, as in {@link AbComparator}).
 *
 * <p>The peer of a platform is the first of its {@link #PEERS} list that the run measured:
 * <ul>
 *   <li>{@code drydock} (native runtime, or the port-mapped container in the network benchmark):
 *       {@code crun}, else {@code runc}, else {@code host} — the fastest C runtime, or loopback;</li>
 *   <li>{@code drydock-runc} (drydock's runc-compatible CLI) and {@code drydock-runc-daemon} (the same
 *       served by a daemon): {@code runc}, else {@code crun}, else {@code host};</li>
 *   <li>{@code vm} (libvirt through drydock's VM driver): {@code qemu} (bare QEMU, same guest), else {@code host};</li>
 *   <li>{@code host} and {@code qemu} are floors and have no peer;</li>
 *   <li>every other platform ({@code runc}, {@code crun}, {@code unshare}, {@code drydock-hostnet}, ...): {@code host}.</li>
 * </ul>
 * A ratio needs positive samples on both sides (a zero figure has no meaningful ratio). Its interval
 * needs two forks a side; it is trusted ({@link RatioPrecision#WITHIN} or {@link RatioPrecision#WIDE})
 * from {@code minForks} forks a side. The percentile bootstrap is narrow with few forks (see
 * {@link AbComparator}), which is why {@code minForks} is at least 3. A ratio is the ratio of the
 * two fork means, unless forks of the two figures ran in the same interleaved runs
 * ({@link ForkPairs}): then it is read from those pairs alone, as the typical pair's ratio, and the
 * bootstrap resamples the pairs, so load that moved a whole run leaves it alone and a pair that a
 * spell moved on one side only counts for one pair, not for its size; its fork counts are the pairs.
 */
public final class PeerRatios {
    /** The precision {@code drydock bench} aims for: ±5% of the ratio. */
    public static final double DEFAULT_TARGET = 0.05;
    /** Forks a side before an interval is trusted. */
    public static final int DEFAULT_MIN_FORKS = 3;

    /** Peers by platform, in order of preference; platforms not listed compare with the host. */
    public static final Map<String, List<String>> PEERS = peers();

    private final double target;
    private final double confidence;
    private final int minForks;
    private final Bootstrap bootstrap;

    /**
     * @param target     the relative half-width aimed for (0.05)
     * @param confidence the interval level (0.95)
     * @param minForks   forks a side before an interval is trusted (at least 2)
     * @param bootstrap  the seeded bootstrap
     */
    public PeerRatios(double target, double confidence, int minForks, Bootstrap bootstrap) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target must be in (0, 1), was " + target);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        if (minForks < 2) {
            throw new IllegalArgumentException("min forks must be at least 2, was " + minForks);
        }
        this.target = target;
        this.confidence = confidence;
        this.minForks = minForks;
        this.bootstrap = bootstrap;
    }

    /** ±5%, 95%, 3 forks, 10,000 resamples with seed 1 (the settings of {@code drydock compare}). */
    public static PeerRatios defaults() {
        return new PeerRatios(DEFAULT_TARGET, 0.95, DEFAULT_MIN_FORKS, new Bootstrap(1, 10_000));
    }

    /** The target relative half-width. */
    public double target() {
        return target;
    }

    /** Forks a side before an interval is trusted. */
    public int minForks() {
        return minForks;
    }

    /** The peer of {@code platform} among the {@code present} platforms, if it has one. */
    public static Optional<String> peerOf(String platform, Collection<String> present) {
        if (platform.equals("host") || platform.equals("qemu")) {
            return Optional.empty();
        }
        for (String p : PEERS.getOrDefault(platform, List.of("host"))) {
            if (!p.equals(platform) && present.contains(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Every ratio among {@code figures}, in figure order (no extra forks, not capped). */
    public List<Ratio> of(Collection<Figure> figures) {
        Map<Measurement, Map<String, Figure>> groups = new LinkedHashMap<>();
        figures.stream().sorted(java.util.Comparator.comparing(Figure::key)).forEach(f -> groups
                .computeIfAbsent(Measurement.of(f), m -> new LinkedHashMap<>()).put(f.platform(), f));
        List<Ratio> out = new ArrayList<>();
        for (Map<String, Figure> g : groups.values()) {
            for (Figure f : g.values()) {
                Optional<String> peer = peerOf(f.platform(), g.keySet());
                if (peer.isPresent()) {
                    ratio(f, g.get(peer.get())).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** The ratio of {@code f} to {@code peer}, or empty if a sample is not positive. */
    public Optional<Ratio> ratio(Figure f, Figure peer) {
        Optional<RatioEstimate> e = RatioEstimate.of(f, peer, bootstrap, confidence);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        RatioEstimate r = e.get();
        Interval ci = r.interval();
        RatioPrecision precision;
        if (r.forks() < minForks || r.peerForks() < minForks) {
            precision = RatioPrecision.TOO_FEW_FORKS;
        } else {
            precision = ci.halfWidth() / r.value() <= target ? RatioPrecision.WITHIN : RatioPrecision.WIDE;
        }
        return Optional.of(new Ratio(f.benchmark(), f.metric(), f.mode(), f.workload(), f.limits(), f.platform(),
                peer.platform(), r.value(), ci == null ? null : ci.low(), ci == null ? null : ci.high(), confidence,
                target, r.forks(), r.peerForks(), precision, 0, false, r.paired()));
    }

    /** Everything that identifies a measurement but the platform. */
    private record Measurement(String benchmark, String metric, String mode, String workload,
                               SortedMap<String, String> limits) {
        static Measurement of(Figure f) {
            return new Measurement(f.benchmark(), f.metric(), f.mode(), f.workload(), f.limits());
        }
    }

    private static Map<String, List<String>> peers() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("drydock", List.of("crun", "runc", "host"));
        m.put("drydock-runc", List.of("runc", "crun", "host"));
        m.put("drydock-runc-daemon", List.of("runc", "crun", "host"));
        m.put("vm", List.of("qemu", "host"));
        return java.util.Collections.unmodifiableMap(m);
    }
}
