package io.drydock.platform.workload;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text report sysbench 1.0 prints after a run, read as "label: value" lines. Each lookup names
 * the line it could not read, or says the report ends before the label (a run cut short).
 */
final class SysbenchReport {
    static final String TOOL = "sysbench";

    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");

    private final List<String> lines;

    private SysbenchReport(List<String> lines) {
        this.lines = lines;
    }

    /** Reads a report; fails on empty output and on a report sysbench ended with a FATAL line. */
    static SysbenchReport of(String output) throws WorkloadOutputException {
        if (output == null || output.isBlank()) {
            throw new WorkloadOutputException(TOOL, "output", "empty (sysbench printed nothing)");
        }
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("FATAL:")) {
                throw new WorkloadOutputException(TOOL, at(i, lines.get(i)), "sysbench reported a fatal error");
            }
        }
        return new SysbenchReport(lines);
    }

    /**
     * The part of the first line starting with {@code label} (after leading blanks) that follows
     * it, matched against {@code value}; the match's groups are what the caller reads.
     */
    Matcher find(String label, Pattern value, String expected) throws WorkloadOutputException {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith(label)) {
                Matcher m = value.matcher(line.substring(label.length()).strip());
                if (!m.matches()) {
                    throw new WorkloadOutputException(TOOL, at(i, lines.get(i)),
                        "expected '" + label.strip() + "' followed by " + expected);
                }
                return m;
            }
        }
        throw missing(label);
    }

    /** The first line matching {@code whole}, for lines that do not start with a fixed label. */
    Matcher findLine(String what, Pattern whole) throws WorkloadOutputException {
        for (String raw : lines) {
            Matcher m = whole.matcher(raw.strip());
            if (m.matches()) {
                return m;
            }
        }
        throw missing(what);
    }

    double decimal(String label, String unitSuffix) throws WorkloadOutputException {
        Matcher m = find(label, Pattern.compile("(" + DECIMAL.pattern() + ")" + Pattern.quote(unitSuffix)),
            unitSuffix.isEmpty() ? "a number" : "a number with the unit '" + unitSuffix + "'");
        return Double.parseDouble(m.group(1));
    }

    long count(String label) throws WorkloadOutputException {
        Matcher m = find(label, Pattern.compile("([0-9]{1,18})"), "a whole number");
        return Long.parseLong(m.group(1));
    }

    private WorkloadOutputException missing(String label) {
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        return new WorkloadOutputException(TOOL, "output",
            "no '" + label.strip() + "' line; the report ends at " + at(lines.size() - 1, last)
                + " (the run was cut short, or this is not the expected sysbench test)");
    }

    static String at(int index, String line) {
        return "line " + (index + 1) + " '" + line.strip() + "'";
    }

    /** Checks a sysbench or fio run length: whole seconds, at least 1 (or 0 where {@code zeroAllowed}). */
    static void checkWholeSeconds(String field, Duration d, boolean zeroAllowed) {
        if (d.isNegative() || d.toNanosPart() != 0 || (d.isZero() && !zeroAllowed)) {
            throw new IllegalArgumentException(field + " must be " + (zeroAllowed ? "zero or " : "")
                + "a whole number of seconds of at least 1, got " + d.toMillis() + " ms");
        }
    }

    /** A time the report prints in seconds (with up to 4 decimals), as a {@link Duration}. */
    static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** A time the report prints in milliseconds, as a {@link Duration}. */
    static Duration millis(double millis) {
        return Duration.ofNanos(Math.round(millis * 1e6));
    }
}
