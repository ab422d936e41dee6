package io.drydock.platform.workload;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory workload: {@code sysbench memory} over one buffer of {@code blockBytes} shared by all
 * threads. Sequential read and write give bandwidth; random read on one thread gives the time per
 * random access. The block should be at least four times the last-level cache so that the figures
 * are the memory's, not the cache's: {@link #blockBytesFor(long, long)}.
 *
 * <p>In sysbench 1.0 one event is one pass over the block: sequentially, a read or write of every
 * machine word; at random, as many reads of a randomly chosen word as the block has words. The
 * random reads do not depend on each other, so the processor may overlap their misses: the time per
 * access is a loaded-latency figure, not the idle latency of a pointer chase.
 *
 * @param operation  read or write
 * @param accessMode sequential or random
 * @param blockBytes the buffer size: a power of two, at least 1 KiB
 * @param threads    worker threads, 1 or more
 * @param time       the run's length in whole seconds, at least 1 (a pass that is under way when it
 *                   ends is finished, so a run lasts at least one pass)
 */
public record SysbenchMemory(Operation operation, AccessMode accessMode, long blockBytes, int threads, Duration time) {
    /** The smallest block {@link #blockBytesFor(long, long)} chooses, whatever the cache. */
    public static final long MIN_BLOCK_BYTES = 256L << 20;

    /** Bytes per access: sysbench 1.0 reads and writes {@code size_t} words (8 bytes on a 64-bit machine). */
    public static final int WORD_BYTES = 8;

    /** What the workload does with each word it touches. */
    public enum Operation {
        READ("read"), WRITE("write");

        private final String option;

        Operation(String option) {
            this.option = option;
        }
    }

    /** In which order the words are touched. */
    public enum AccessMode {
        SEQUENTIAL("seq"), RANDOM("rnd");

        private final String option;

        AccessMode(String option) {
            this.option = option;
        }
    }

    public SysbenchMemory {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(accessMode, "accessMode");
        if (blockBytes < 1024 || Long.bitCount(blockBytes) != 1) {
            throw new IllegalArgumentException("block size must be a power of two of at least 1 KiB (sysbench refuses others), got "
                + blockBytes + " bytes");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Objects.requireNonNull(time, "time");
        SysbenchReport.checkWholeSeconds("time", time, false);
    }

    /** Sequential read bandwidth over all {@code threads}. */
    public static SysbenchMemory sequentialRead(long blockBytes, int threads, Duration time) {
        return new SysbenchMemory(Operation.READ, AccessMode.SEQUENTIAL, blockBytes, threads, time);
    }

    /** Sequential write bandwidth over all {@code threads}. */
    public static SysbenchMemory sequentialWrite(long blockBytes, int threads, Duration time) {
        return new SysbenchMemory(Operation.WRITE, AccessMode.SEQUENTIAL, blockBytes, threads, time);
    }

    /** Random reads on one thread, for {@link #nanosPerAccess(Result)}. */
    public static SysbenchMemory randomReadLatency(long blockBytes, Duration time) {
        return new SysbenchMemory(Operation.READ, AccessMode.RANDOM, blockBytes, 1, time);
    }

    /**
     * The block for a last-level cache of {@code lastLevelCacheBytes} in an instance of
     * {@code instanceMemoryBytes}: four times the cache, at least {@link #MIN_BLOCK_BYTES}, rounded up
     * to a power of two (sysbench accepts only those), and at most the largest power of two within a
     * quarter of the instance's memory, where a cache figure is the whole package's
     * ({@link LastLevelCache}). A random-read pass reads as many words as the block holds and always
     * finishes: at the 500 ns a read a VM under emulation (TCG) showed, a pass over 512 MiB takes about
     * 32 s, over 256 MiB 16 s.
     */
    public static long blockBytesFor(long lastLevelCacheBytes, long instanceMemoryBytes) {
        if (lastLevelCacheBytes <= 0 || lastLevelCacheBytes > (1L << 40)) {
            throw new IllegalArgumentException("last-level cache size must be between 1 byte and 1 TiB, got " + lastLevelCacheBytes);
        }
        if (instanceMemoryBytes < 4 * MIN_BLOCK_BYTES) {
            throw new IllegalArgumentException("instance memory must be at least " + (4 * MIN_BLOCK_BYTES >> 20)
                + " MiB for a memory block of at least " + (MIN_BLOCK_BYTES >> 20) + " MiB, got " + instanceMemoryBytes + " bytes");
        }
        long want = Math.max(MIN_BLOCK_BYTES, 4 * lastLevelCacheBytes);
        long roundedUp = Long.bitCount(want) == 1 ? want : Long.highestOneBit(want) << 1;
        return Math.min(roundedUp, Long.highestOneBit(instanceMemoryBytes / 4));
    }

    /** The argv, the same on every platform. */
    public List<String> command() {
        return List.of("sysbench", "memory",
            "--threads=" + threads,
            "--time=" + time.toSeconds(),
            "--memory-block-size=" + (blockBytes >> 10) + "K",
            // 0 sets no limit on the bytes moved, so the time alone ends the run.
            "--memory-total-size=0",
            "--memory-scope=global",
            "--memory-oper=" + operation.option,
            "--memory-access-mode=" + accessMode.option,
            "run");
    }

    /**
     * The time per random access of a {@link AccessMode#RANDOM} run, in nanoseconds: the time the
     * threads spent in passes, over the words they read.
     */
    public double nanosPerAccess(Result result) {
        if (accessMode != AccessMode.RANDOM) {
            throw new IllegalStateException("time per access is a figure of random access runs; this run is "
                + accessMode.name().toLowerCase(Locale.ROOT));
        }
        if (result.totalOperations() == 0) {
            throw new IllegalArgumentException("the run completed no pass, so it has no time per access");
        }
        double accesses = (double) result.totalOperations() * (blockBytes / WORD_BYTES);
        return result.passTimeSum().toNanos() / accesses;
    }

    /** Reads the report {@code sysbench memory ... run} printed on stdout. */
    public static Result parse(String output) throws WorkloadOutputException {
        SysbenchReport report = SysbenchReport.of(output);
        int threads = (int) report.count("Number of threads:");
        Matcher ops = report.find("Total operations:",
            Pattern.compile("([0-9]{1,18}) \\(\\s*([0-9]+(?:\\.[0-9]+)?) per second\\)"),
            "a count and '(N per second)'");
        Matcher mib = report.findLine("MiB transferred",
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?) MiB transferred \\(\\s*([0-9]+(?:\\.[0-9]+)?) MiB/sec\\)"));
        double seconds = report.decimal("total time:", "s");
        double sumMillis = report.decimal("sum:", "");
        try {
            return new Result(Double.parseDouble(mib.group(2)), Double.parseDouble(ops.group(2)),
                Long.parseLong(ops.group(1)), SysbenchReport.seconds(seconds), threads, SysbenchReport.millis(sumMillis));
        } catch (IllegalArgumentException e) {
            throw new WorkloadOutputException(SysbenchReport.TOOL, "output", e.getMessage(), e);
        }
    }

    /**
     * One {@code sysbench memory} run's figures; an operation is one pass over the block.
     *
     * @param mibPerSecond        MiB per second moved over all threads (passes times block size)
     * @param operationsPerSecond passes per second over all threads
     * @param totalOperations     passes completed
     * @param totalTime           the run's wall-clock time as sysbench measured it
     * @param threads             the threads sysbench ran
     * @param passTimeSum         the time spent in passes, summed over threads (sysbench's latency sum)
     */
    public record Result(double mibPerSecond, double operationsPerSecond, long totalOperations, Duration totalTime,
                         int threads, Duration passTimeSum) {
        public Result {
            checkRate("MiB per second", mibPerSecond);
            checkRate("operations per second", operationsPerSecond);
            if (totalOperations < 0) {
                throw new IllegalArgumentException("total operations must not be negative, got " + totalOperations);
            }
            Objects.requireNonNull(totalTime, "totalTime");
            Objects.requireNonNull(passTimeSum, "passTimeSum");
            if (totalTime.isNegative() || passTimeSum.isNegative()) {
                throw new IllegalArgumentException("times must not be negative, got total " + totalTime + " and pass sum " + passTimeSum);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
        }

        private static void checkRate(String name, double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
            }
        }
    }
}
