package io.drydock.bench;

/**
 * How much to measure. {@link #SMOKE} runs each benchmark once to prove it works (the test suite
 * does this); {@link #QUICK} gives rough figures in minutes; {@link #FULL} uses each benchmark's
 * own annotations, sized for confidence intervals of a few percent.
 *
 * @param forks        JVM forks per benchmark (each fork is one sample for verdicts); 0 = annotation
 * @param warmups      warm-up iterations per fork; -1 = annotation
 * @param measurements measured iterations per fork; -1 = annotation
 * @param iterationSeconds length of a timed iteration (throughput/average modes); 0 = annotation
 */
public record BenchmarkProfile(String name, int forks, int warmups, int measurements, int iterationSeconds) {
    public static final BenchmarkProfile SMOKE = new BenchmarkProfile("smoke", 1, 0, 1, 1);
    /** A few minutes for everything, VM boots under TCG included: rough figures, too few forks for verdicts. */
    public static final BenchmarkProfile QUICK = new BenchmarkProfile("quick", 2, 1, 4, 1);
    public static final BenchmarkProfile FULL = new BenchmarkProfile("full", 0, -1, -1, 0);
}
