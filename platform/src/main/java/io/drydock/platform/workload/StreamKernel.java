package io.drydock.platform.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory bandwidth from drydock's own STREAM-style kernel ({@code platform/src/main/c/stream.c},
 * built by Maven into this package as {@value #BINARY}): three arrays of {@code arrayBytes}, written
 * once before any timing, then up to {@code passes} timed passes of copy and triad on one thread,
 * none started once {@code timeLimit} has gone by since the first; the best pass of each is the
 * figure, the median beside it. The arrays are advised into transparent huge pages (with 4 KiB
 * pages the triad was bound by page walks under nested paging); the result says how much of them
 * the kernel gave. Many passes over seconds make the best one steady on a shared
 * host, where a neighbour's burst slows every pass for up to about a second; the limit bounds the
 * run where a pass is slow (a VM under emulation runs a pass in about a second).
 * <p>
 * The very same binary runs everywhere: {@link #command()} carries it, base64-encoded, inside the
 * shell command (about 20 KB, under Linux's 128 KiB limit for one argument), which writes it to a
 * temporary file, runs it bound to the instance's last CPU with {@code taskset} (as the CPU
 * benchmark's one-thread figure) and removes it. A VM cannot see a host file, and an image would
 * have to be rebuilt to hold it; a command reaches the host, every container and a guest alike.
 *
 * @param arrayBytes bytes of each of the three arrays (1 MiB to 4 GiB); at least four times the
 *                   last-level cache for a bandwidth figure ({@link #arrayBytesFor(long, long)})
 * @param passes     the most timed passes, 1 to 1000
 * @param timeLimit  no pass starts once this has gone by since the first began (at least one
 *                   runs), whole milliseconds up to an hour; {@link Duration#ZERO}: all passes run
 */
public record StreamKernel(long arrayBytes, int passes, Duration timeLimit) {
    /** The binary's resource name, next to this class. */
    static final String BINARY = "drydock-stream";
    static final String TOOL = BINARY;
    /** The output format this parser reads (the first line's version). */
    static final int FORMAT = 3;

    private static final long MIN_BYTES = 1L << 20;
    private static final long MAX_BYTES = 4L << 30;
    private static final String RATE = "([0-9]+(?:\\.[0-9]+)?)";
    private static final Duration MAX_TIME_LIMIT = Duration.ofHours(1);
    private static final Pattern VERSION = Pattern.compile("drydock-stream ([0-9]{1,6})( .*)?");
    private static final Pattern HEADER = Pattern.compile(
        "drydock-stream ([0-9]+) array_bytes=([0-9]{1,12}) passes=([0-9]{1,4}) max_passes=([0-9]{1,4}) max_ms=([0-9]{1,7})"
            + " huge_kib=(-1|[0-9]{1,10})");
    private static final Pattern COPY = Pattern.compile("copy best_mib_s=" + RATE + " median_mib_s=" + RATE);
    private static final Pattern TRIAD = Pattern.compile("triad best_mib_s=" + RATE + " median_mib_s=" + RATE);

    public StreamKernel {
        if (arrayBytes < MIN_BYTES || arrayBytes > MAX_BYTES) {
            throw new IllegalArgumentException("stream array bytes must be between " + MIN_BYTES + " and " + MAX_BYTES
                + ", got " + arrayBytes);
        }
        if (passes < 1 || passes > 1000) {
            throw new IllegalArgumentException("stream passes must be between 1 and 1000, got " + passes);
        }
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.compareTo(MAX_TIME_LIMIT) > 0 || timeLimit.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("stream time limit must be whole milliseconds from 0 to one hour, got " + timeLimit);
        }
    }

    /** Every one of {@code passes} passes runs, however long they take. */
    public StreamKernel(long arrayBytes, int passes) {
        this(arrayBytes, passes, Duration.ZERO);
    }

    /**
     * Each array's size for a host whose last-level cache is {@code lastLevelCacheBytes}, in an
     * instance of {@code instanceMemoryBytes}: four times the cache (STREAM's rule), at least 64 MiB,
     * and at most an eighth of the instance's memory (a cache figure from CPUID can be the whole
     * package's, {@link LastLevelCache}); in whole MiB. On a 32 MiB cache the three arrays take
     * 384 MiB, as the cap allows in the 1 GiB an instance of the matrix gets; where the cap holds
     * them below four times the cache, {@link #meetsStreamRule} says so.
     */
    public static long arrayBytesFor(long lastLevelCacheBytes, long instanceMemoryBytes) {
        if (lastLevelCacheBytes <= 0) {
            throw new IllegalArgumentException("last-level cache size must be positive, got " + lastLevelCacheBytes);
        }
        long mib = 1L << 20;
        long cap = instanceMemoryBytes / 8 / mib * mib;
        if (cap < 64 * mib) {
            throw new IllegalArgumentException("instance memory must be at least 512 MiB for arrays of 64 MiB, got "
                + instanceMemoryBytes + " bytes");
        }
        long bytes = Math.max(4 * lastLevelCacheBytes, 64 * mib);
        return Math.min((bytes + mib - 1) / mib * mib, cap);
    }

    /** Whether each array is at least four times a last-level cache of {@code lastLevelCacheBytes}. */
    public boolean meetsStreamRule(long lastLevelCacheBytes) {
        return arrayBytes >= 4 * lastLevelCacheBytes;
    }

    /** The kernel's bytes, as Maven built them into the classpath. */
    static byte[] binary() {
        try (InputStream in = StreamKernel.class.getResourceAsStream(BINARY)) {
            if (in == null) {
                throw new IllegalStateException(BINARY + " is not on the classpath next to " + StreamKernel.class.getName()
                    + " (the platform module's build compiles it from src/main/c/stream.c with gcc)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BINARY + " from the classpath", e);
        }
    }

    /** The argv: a {@code /bin/sh -c} script, the same on every platform (needs coreutils' base64 and mktemp, and taskset). */
    public List<String> command() {
        return List.of("/bin/sh", "-c", script(Base64.getEncoder().encodeToString(binary())));
    }

    /** The script for a kernel whose bytes are {@code base64}. */
    String script(String base64) {
        // No exec: the shell outlives the kernel to remove its file (a host run leaves nothing in /tmp).
        return "set -e; f=$(mktemp); trap 'rm -f \"$f\"' EXIT; "
            + "echo '" + base64 + "' | base64 -d > \"$f\"; chmod 700 \"$f\"; "
            + "taskset -c \"$(($(nproc) - 1))\" \"$f\" " + arrayBytes + " " + passes + " " + timeLimit.toMillis();
    }

    /**
     * Reads what the kernel printed.
     *
     * @throws WorkloadOutputException naming the line or field that is missing or malformed, or
     *                                 when the kernel ran with other sizes than this one's
     */
    public Result parse(String output) throws WorkloadOutputException {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String expected = "'drydock-stream " + FORMAT + " array_bytes=N passes=N max_passes=N max_ms=N huge_kib=N'";
        Matcher v = line(lines, VERSION, "drydock-stream", expected);
        int version = Integer.parseInt(v.group(1));
        if (version != FORMAT) {
            throw new WorkloadOutputException(TOOL, "header", "output format " + version + ", this drydock reads " + FORMAT);
        }
        Matcher h = line(lines, HEADER, "drydock-stream", expected);
        long bytes = Long.parseLong(h.group(2));
        int ran = Integer.parseInt(h.group(3));
        int most = Integer.parseInt(h.group(4));
        long limitMs = Long.parseLong(h.group(5));
        // The kernel rounds the array down to whole doubles.
        if (bytes != arrayBytes / Double.BYTES * Double.BYTES || most != passes || limitMs != timeLimit.toMillis()) {
            throw new WorkloadOutputException(TOOL, "header", "ran " + bytes + " bytes x up to " + most + " passes in "
                + limitMs + " ms, asked for " + arrayBytes + " x " + passes + " in " + timeLimit.toMillis() + " ms");
        }
        // Fewer passes than asked only when a time limit stopped them.
        if (ran < 1 || ran > passes || (ran < passes && timeLimit.isZero())) {
            throw new WorkloadOutputException(TOOL, "header", "ran " + ran + " passes, asked for " + passes
                + (timeLimit.isZero() ? " with no time limit" : " within " + timeLimit.toMillis() + " ms"));
        }
        Matcher c = line(lines, COPY, "copy ", "'copy best_mib_s=X median_mib_s=Y'");
        Matcher t = line(lines, TRIAD, "triad ", "'triad best_mib_s=X median_mib_s=Y'");
        if (!lines.contains("check ok")) {
            throw new WorkloadOutputException(TOOL, "check", "no 'check ok' line: the kernel's results were not verified");
        }
        try {
            return new Result(Double.parseDouble(c.group(1)), Double.parseDouble(c.group(2)),
                Double.parseDouble(t.group(1)), Double.parseDouble(t.group(2)), ran, Long.parseLong(h.group(6)));
        } catch (IllegalArgumentException e) {
            throw new WorkloadOutputException(TOOL, "output", e.getMessage(), e);
        }
    }

    private static Matcher line(List<String> lines, Pattern pattern, String prefix, String expected) throws WorkloadOutputException {
        String found = null;
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                if (found != null) {
                    throw new WorkloadOutputException(TOOL, "'" + prefix.strip() + "' line", "appears twice");
                }
                found = l;
            }
        }
        if (found == null) {
            throw new WorkloadOutputException(TOOL, "'" + prefix.strip() + "' line", "missing, expected " + expected);
        }
        Matcher m = pattern.matcher(found);
        if (!m.matches()) {
            throw new WorkloadOutputException(TOOL, "line '" + found + "'", "expected " + expected);
        }
        return m;
    }

    /**
     * What one run measured, MiB/s (2^20 bytes per second): copy moves two arrays per pass, triad
     * three, as STREAM counts them (without the cache's write-allocate reads).
     *
     * @param passes  the timed passes the kernel ran
     * @param hugeKib the kernel's anonymous memory in transparent huge pages once its arrays were
     *                written, KiB ({@code /proc/self/smaps_rollup}), -1 where it could not tell
     */
    public record Result(double copyBestMiBps, double copyMedianMiBps, double triadBestMiBps, double triadMedianMiBps,
                         int passes, long hugeKib) {
        public Result {
            if (passes < 1) {
                throw new IllegalArgumentException("passes must be at least 1, got " + passes);
            }
            if (hugeKib < -1) {
                throw new IllegalArgumentException("huge page KiB must be -1 (unknown) or more, got " + hugeKib);
            }
            for (double v : new double[] {copyBestMiBps, copyMedianMiBps, triadBestMiBps, triadMedianMiBps}) {
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("bandwidth must be positive and finite, got " + v);
                }
            }
            if (copyMedianMiBps > copyBestMiBps || triadMedianMiBps > triadBestMiBps) {
                throw new IllegalArgumentException("a median above the best pass: copy " + copyMedianMiBps + " > " + copyBestMiBps
                    + " or triad " + triadMedianMiBps + " > " + triadBestMiBps);
            }
        }
    }
}
