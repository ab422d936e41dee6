package io.drydock.platform.workload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CPU workload that needs nothing but a POSIX shell and coreutils (or busybox), so it runs
 * unchanged on the host, in any container image and in a VM: between the lines
 * {@link MarkedOutput#BEGIN} and {@link MarkedOutput#END}, a shell loop runs one {@code sha256sum}
 * process per round, each bound to the instance's last CPU with {@code taskset} (as the CPU
 * benchmark's one-thread figure) and hashing a file of {@code bytesPerRound} zero bytes. The file is
 * written to a temporary file before the begin marker, so every round reads it from the page cache,
 * and is removed afterwards.
 *
 * <p>Each process prints its digest line as it exits, so the line reaches the host when its round
 * ends: a {@link MarkedOutput} reads the host clock at each arrival, and {@link #roundTimes} turns
 * those into the host time of each round. Load from elsewhere on a shared host only ever slows a
 * round, so the figure is the fixed work at the pace of its fastest round
 * ({@link RoundTimes#atFastestPaceMs()}), as the memory benchmark takes its best pass. Each round
 * includes one {@code taskset} and one {@code sha256sum} start-up, the same on every platform.
 * {@link #check(List)} proves the work was done by comparing each printed digest with one computed
 * here.
 *
 * @param bytesPerRound bytes hashed per round (the file's size), 1 to 16 GiB
 * @param rounds        rounds, 1 to 1000 (one {@code sha256sum} process each)
 */
public record Sha256Work(long bytesPerRound, int rounds) {
    static final String TOOL = "sha256sum";

    private static final long MAX_BYTES = 16L << 30;
    private static final int MAX_ROUNDS = 1000;
    // GNU coreutils and busybox both print the digest, a blank, a blank or '*' (text or binary mode) and the file's name.
    private static final Pattern DIGEST_LINE = Pattern.compile("([0-9a-f]{64}) [ *](\\S.*)");

    public Sha256Work {
        if (bytesPerRound < 1 || bytesPerRound > MAX_BYTES) {
            throw new IllegalArgumentException("bytes per round must be between 1 and " + MAX_BYTES + ", got " + bytesPerRound);
        }
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds must be between 1 and " + MAX_ROUNDS + ", got " + rounds);
        }
    }

    /** The argv: a {@code /bin/sh -c} script, the same on every platform. */
    public List<String> command() {
        return List.of("/bin/sh", "-c", script());
    }

    /**
     * The shell script {@link #command()} runs. The last CPU's number is read once, before the
     * begin marker, so that a round starts {@code taskset} and {@code sha256sum} and nothing else.
     */
    public String script() {
        return "set -e; f=$(mktemp); trap 'rm -f \"$f\"' EXIT; "
            + "head -c " + bytesPerRound + " /dev/zero > \"$f\"; "
            + "cpu=$(($(nproc) - 1)); "
            + "echo " + MarkedOutput.BEGIN + "; "
            + "i=0; while [ \"$i\" -lt " + rounds + " ]; do taskset -c \"$cpu\" " + TOOL + " \"$f\"; i=$((i + 1)); done; "
            + "echo " + MarkedOutput.END;
    }

    /** The hex SHA-256 of {@code bytesPerRound} zero bytes, computed here with {@link MessageDigest}. */
    public String expectedDigest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's Javadoc).
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        byte[] zeros = new byte[(int) Math.min(bytesPerRound, 1 << 20)];
        for (long left = bytesPerRound; left > 0; left -= zeros.length) {
            sha.update(zeros, 0, (int) Math.min(left, zeros.length));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Checks the lines printed between the markers: exactly {@code rounds} digest lines, each the
     * expected digest.
     *
     * @throws WorkloadOutputException naming the first line that is not the expected digest, or the count
     */
    public void check(List<String> lines) throws WorkloadOutputException {
        if (lines.isEmpty()) {
            throw new WorkloadOutputException(TOOL, "output", "no digest line between the markers, expected " + rounds);
        }
        String expected = expectedDigest();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher m = DIGEST_LINE.matcher(line);
            if (!m.matches()) {
                throw new WorkloadOutputException(TOOL, digestLine(i, line),
                    "expected a digest line, 64 hex digits, two blanks and the file's name");
            }
            if (!m.group(1).equals(expected)) {
                throw new WorkloadOutputException(TOOL, digestLine(i, line),
                    "digest differs from " + expected + ", the SHA-256 of " + bytesPerRound + " zero bytes");
            }
        }
        if (lines.size() != rounds) {
            throw new WorkloadOutputException(TOOL, "output",
                lines.size() + " digest lines between the markers, expected " + rounds);
        }
    }

    /**
     * Checks the section's lines ({@link #check(List)}) and times each round from them: round
     * {@code i} is the host time from the arrival of digest line {@code i - 1} (for the first round,
     * of the begin marker) to the arrival of digest line {@code i}.
     *
     * @throws WorkloadOutputException as {@link #check(List)}: a line that is not the expected digest, or the count
     */
    public RoundTimes roundTimes(MarkedOutput.Section section) throws WorkloadOutputException {
        check(section.lines());
        List<Duration> times = new ArrayList<>(rounds);
        Duration previous = Duration.ZERO;
        for (Duration at : section.lineOffsets()) {
            times.add(at.minus(previous));
            previous = at;
        }
        return new RoundTimes(times, section.elapsed());
    }

    /**
     * The host times of one run of the work.
     *
     * <p>A round's time rests on when its digest line and the one before reached the host: a line
     * held up on its way (a reader thread not scheduled at once) lengthens its round and shortens
     * the next by as much, which the fastest round does not average out. Rounds of hundreds of
     * milliseconds keep such a delay a small part of one.
     *
     * @param rounds  host time of each round, in order
     * @param elapsed host time from the begin marker to the end marker (the rounds and the loop's end)
     */
    public record RoundTimes(List<Duration> rounds, Duration elapsed) {
        public RoundTimes {
            rounds = List.copyOf(rounds);
            Objects.requireNonNull(elapsed, "elapsed");
            if (rounds.isEmpty()) {
                throw new IllegalArgumentException("no round");
            }
            Duration sum = Duration.ZERO;
            for (Duration r : rounds) {
                if (r.isNegative()) {
                    throw new IllegalArgumentException("a round's time must not be negative, got " + r);
                }
                sum = sum.plus(r);
            }
            if (sum.compareTo(elapsed) > 0) {
                throw new IllegalArgumentException("rounds take " + sum + " in all, longer than the elapsed " + elapsed);
            }
        }

        /** The fastest round's host time. */
        public Duration fastest() {
            return Collections.min(rounds);
        }

        /** Milliseconds the whole work takes at the pace of its fastest round: the fastest round times the rounds. */
        public double atFastestPaceMs() {
            return fastest().toNanos() * (double) rounds.size() / 1e6;
        }

        /** Milliseconds from the begin marker to the end marker as the host read them. */
        public double elapsedMs() {
            return elapsed.toNanos() / 1e6;
        }
    }

    private static String digestLine(int index, String line) {
        return "line " + (index + 1) + " after the begin marker '" + line + "'";
    }
}
