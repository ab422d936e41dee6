package io.drydock.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * How much work one run of a workload benchmark does, by the profile {@code drydock bench} runs
 * ({@value #PROPERTY}, set for every fork by {@link BenchmarkRunner}): a smoke run proves the
 * benchmark works in seconds, quick gives rough figures, the default profile steadier ones.
 *
 * @param timed        how long sysbench memory's random-access run lasts
 * @param fioTime      how long each of the four fio jobs runs
 * @param cpuTime      how long each timed sysbench cpu run lasts (its best second is the figure)
 * @param sha256Bytes  bytes the fixed CPU work hashes per round
 * @param sha256Rounds rounds of the fixed CPU work
 * @param fioFileBytes the file each fio job works on
 * @param streamPasses the most timed passes of the memory benchmark's STREAM-style kernel
 * @param streamTime   the kernel starts no pass after this (a VM under TCG ran 28 passes in 8 s)
 */
record WorkloadScale(Duration timed, Duration fioTime, Duration cpuTime, long sha256Bytes, int sha256Rounds, long fioFileBytes, int streamPasses,
                     Duration streamTime) {
    /** The system property naming the profile. */
    static final String PROPERTY = BenchmarkProfile.FORK_PROPERTY;

    static final WorkloadScale SMOKE = new WorkloadScale(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 8L << 20, 1, 32L << 20, 2, Duration.ofSeconds(1));
    static final WorkloadScale QUICK = new WorkloadScale(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 32L << 20, 4, 64L << 20, 20, Duration.ofSeconds(2));
    // sysbench cpu: 6 s a run, and SHA-256: 24 rounds of one 64 MiB file, one process each (about
    // 0.2 s a round, 4.8 s in all on the host; about 1 s a round under TCG). Both figures are the
    // best second or the fastest round, and the load from neighbours on this VM comes in spells:
    // in one second of sysbench over 90 s, all cores ran at 8400-9000 events/s, and the best second
    // of 3-second windows moved 1.3% between windows, of 5-second ones 1.0%; in a default run with
    // 3 s and 12 rounds, 6 of 24 drydock and host forks came out 14-46% worse in every second or round,
    // each spell longer than a whole run.
    // STREAM: 100 passes, about 2.5 s on the host (a pass of copy and triad over 128 MiB arrays
    // takes 25 ms), so that a neighbour's burst of up to a second cannot slow every pass; with 20
    // passes in one second one fork in 16 of each container platform came out 15-37% low.
    // fio: 2 s a job. Whole runs of the random-read job here move by 6-10% from one to the next, and
    // longer jobs do not steady them (ten 2 s and ten 8 s runs from a shell, interleaved: 7.1% and
    // 6.7% standard deviation), so forks, not seconds, narrow a ratio; a fork of one platform and
    // disk target takes about 11 s with 2 s jobs instead of 15 s with 3 s ones, and the volume-read
    // goal gets as many drydock and host forks as its share buys: its reruns run the random-read job
    // alone (ReadsAskedFigures), about 4 s a fork.
    static final WorkloadScale FULL = new WorkloadScale(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(6), 64L << 20, 24, 256L << 20, 100, Duration.ofSeconds(8));

    /** The scale of the profile this fork runs under (full when none is named: a plain JMH run). */
    static WorkloadScale current() {
        String profile = System.getProperty(PROPERTY, BenchmarkProfile.FULL.name()).toLowerCase(Locale.ROOT);
        if (profile.equals(BenchmarkProfile.SMOKE.name())) {
            return SMOKE;
        }
        return profile.equals(BenchmarkProfile.QUICK.name()) ? QUICK : FULL;
    }
}
