package io.drydock.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * How much work one run of a workload benchmark does, by the profile {@code drydock bench} runs
 * ({@value #PROPERTY}, set for every fork by {@link BenchmarkRunner}): a smoke run proves the
 * benchmark works in seconds, quick gives rough figures, the default profile steadier ones.
 *
 * @param timed        how long a timed tool runs (sysbench, each fio job)
 * @param sha256Bytes  bytes the fixed CPU work hashes per round
 * @param sha256Rounds rounds of the fixed CPU work
 * @param fioFileBytes the file each fio job works on
 * @param streamPasses the most timed passes of the memory benchmark's STREAM-style kernel
 * @param streamTime   the kernel starts no pass after this (a VM under TCG ran 28 passes in 8 s)
 */
record WorkloadScale(Duration timed, long sha256Bytes, int sha256Rounds, long fioFileBytes, int streamPasses,
                     Duration streamTime) {
    /** The system property naming the profile. */
    static final String PROPERTY = BenchmarkProfile.FORK_PROPERTY;

    static final WorkloadScale SMOKE = new WorkloadScale(Duration.ofSeconds(1), 8L << 20, 1, 32L << 20, 2, Duration.ofSeconds(1));
    static final WorkloadScale QUICK = new WorkloadScale(Duration.ofSeconds(1), 32L << 20, 4, 64L << 20, 20, Duration.ofSeconds(2));
    // SHA-256: 12 rounds of one 64 MiB file, one process each (about 0.2 s a round, 2.4 s in all on
    // the host; about 1 s a round under TCG). The figure is the fastest round, and bursts of load
    // from neighbours last 0.5-1 s, so the rounds are spread over more time than a burst lasts.
    // STREAM: 100 passes, about 2.5 s on the host (a pass of copy and triad over 128 MiB arrays
    // takes 25 ms), so that a neighbour's burst of up to a second cannot slow every pass; with 20
    // passes in one second one fork in 16 of each container platform came out 15-37% low.
    static final WorkloadScale FULL = new WorkloadScale(Duration.ofSeconds(3), 64L << 20, 12, 256L << 20, 100, Duration.ofSeconds(8));

    /** The scale of the profile this fork runs under (full when none is named: a plain JMH run). */
    static WorkloadScale current() {
        String profile = System.getProperty(PROPERTY, BenchmarkProfile.FULL.name()).toLowerCase(Locale.ROOT);
        if (profile.equals(BenchmarkProfile.SMOKE.name())) {
            return SMOKE;
        }
        return profile.equals(BenchmarkProfile.QUICK.name()) ? QUICK : FULL;
    }
}
