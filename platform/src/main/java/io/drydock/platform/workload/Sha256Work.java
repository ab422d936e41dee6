package io.drydock.platform.workload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CPU workload that needs nothing but a POSIX shell and coreutils (or busybox), so it runs
 * unchanged on the host, in any container image and in a VM: one {@code sha256sum} process hashes
 * a file of {@code bytesPerRound} zero bytes {@code rounds} times, between the lines
 * {@link MarkedOutput#BEGIN} and {@link MarkedOutput#END}, bound to the instance's last CPU with
 * {@code taskset} (as the CPU benchmark's one-thread figure). The file is written to a temporary
 * file before the begin marker, so the timed part reads it from the page cache and starts one
 * process, not one pipeline of two per round (whose start-ups and pipe hand-offs made the figure
 * noisy), and is removed afterwards. The host times the part between the markers with a
 * {@link MarkedOutput}; {@link #check(List)} then proves the work was done by comparing each
 * printed digest with one computed here.
 *
 * @param bytesPerRound bytes hashed per round (the file's size), 1 to 16 GiB
 * @param rounds        rounds, 1 to 1000 (each one argument of the one process)
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

    /** The shell script {@link #command()} runs. */
    public String script() {
        return "set -e; f=$(mktemp); trap 'rm -f \"$f\"' EXIT; "
            + "head -c " + bytesPerRound + " /dev/zero > \"$f\"; "
            + "set --; i=0; while [ \"$i\" -lt " + rounds + " ]; do set -- \"$@\" \"$f\"; i=$((i + 1)); done; "
            + "echo " + MarkedOutput.BEGIN + "; "
            + "taskset -c \"$(($(nproc) - 1))\" " + TOOL + " \"$@\"; "
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

    private static String digestLine(int index, String line) {
        return "line " + (index + 1) + " after the begin marker '" + line + "'";
    }
}
