package io.drydock.bench;

/**
 * How much to measure. {@link #SMOKE} runs each benchmark once to prove it works (the test suite
 * does this); {@link #QUICK} gives rough figures in minutes; {@link #FULL} uses each benchmark's
 * own annotations and then adds forks where a ratio's confidence interval is still wider than ±5%
 * ({@link PrecisionPolicy}).
 *
 * @param forks        JVM forks per benchmark (each fork is one sample for verdicts); 0 = annotation
 * @param warmups      warm-up iterations per fork; -1 = annotation
 * @param measurements measured iterations per fork; -1 = annotation
 * @param iterationSeconds length of a timed iteration (throughput/average modes); 0 = annotation
 * @param adaptive     add forks after the run until every ratio is precise enough (or a cap is reached)
 * @param reads        the figures (metric names) a round reads, empty for all: a {@link ReadsAskedFigures}
 *                     benchmark's forks do only the work behind them
 */
public record BenchmarkProfile(String name, int forks, int warmups, int measurements, int iterationSeconds,
                               boolean adaptive, java.util.Set<String> reads) {
    public static final BenchmarkProfile SMOKE = new BenchmarkProfile("smoke", 1, 0, 1, 1, false);
    /**
     * A few minutes for everything, VM boots under TCG included: rough figures, too few forks for
     * verdicts. Two forks (one for a guest's platforms and for {@link QuickForks} benchmarks, see
     * {@link BenchmarkSession}), one warm-up and two measured iterations of one second.
     */
    public static final BenchmarkProfile QUICK = new BenchmarkProfile("quick", 2, 1, 2, 1, false);
    public static final BenchmarkProfile FULL = new BenchmarkProfile("full", 0, -1, -1, 0, true);
    /**
     * The system property that tells a benchmark fork the profile's name, for benchmarks that size
     * the work of one invocation themselves (iperf3's seconds, redis-benchmark's requests).
     */
    public static final String FORK_PROPERTY = "drydock.bench.profile";
    /** The system property that tells a fork which figures its round reads (comma-separated), when not all. */
    public static final String READS_PROPERTY = "drydock.bench.reads";

    /** Every figure. */
    public BenchmarkProfile(String name, int forks, int warmups, int measurements, int iterationSeconds, boolean adaptive) {
        this(name, forks, warmups, measurements, iterationSeconds, adaptive, java.util.Set.of());
    }

    /** Validates ranges. */
    public BenchmarkProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("profile name is required");
        }
        if (forks < 0 || warmups < -1 || measurements < -1 || measurements == 0 || iterationSeconds < 0) {
            throw new IllegalArgumentException("profile " + name + ": forks " + forks + ", warm-ups " + warmups
                + ", measurements " + measurements + ", iteration seconds " + iterationSeconds
                + " (forks >= 0, warm-ups >= -1, measurements >= 1 or -1, seconds >= 0)");
        }
        reads = java.util.Set.copyOf(reads);
        for (String r : reads) {
            if (!r.matches("[A-Za-z][A-Za-z0-9]*")) {
                throw new IllegalArgumentException("profile " + name + ": a figure to read must be a metric name of letters and digits, got '" + r + "'");
            }
        }
    }

    /** The same profile reading only {@code metrics} (empty: every figure). */
    public BenchmarkProfile readingOnly(java.util.Set<String> metrics) {
        return new BenchmarkProfile(name, forks, warmups, measurements, iterationSeconds, adaptive, metrics);
    }

    /**
     * In a benchmark fork: the figures its round reads ({@value #READS_PROPERTY}), or the empty set
     * when it reads every one.
     */
    public static java.util.Set<String> readsOfThisFork() {
        String v = System.getProperty(READS_PROPERTY, "").strip();
        return v.isEmpty() ? java.util.Set.of() : java.util.Set.of(v.split(","));
    }

    /**
     * In a benchmark fork: whether its round reads any of {@code metrics}, so that the work behind
     * them must run (every round that names no figures reads them all).
     */
    public static boolean forkReadsAnyOf(String... metrics) {
        java.util.Set<String> reads = readsOfThisFork();
        return reads.isEmpty() || java.util.Arrays.stream(metrics).anyMatch(reads::contains);
    }

    /** The same profile with each benchmark's own warm-up and measurement counts and iteration time. */
    public BenchmarkProfile withAnnotatedIterations() {
        return new BenchmarkProfile(name, forks, -1, -1, 0, adaptive, reads);
    }

    /** The same profile with {@code n} forks: how a rerun adds forks to a benchmark. */
    public BenchmarkProfile withForks(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a rerun needs at least one fork, was " + n);
        }
        return new BenchmarkProfile(name, n, warmups, measurements, iterationSeconds, adaptive, reads);
    }
}
