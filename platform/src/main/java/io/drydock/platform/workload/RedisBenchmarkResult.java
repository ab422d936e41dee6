package io.drydock.platform.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The per-test figures of one {@code redis-benchmark --csv} run: a header line of quoted column
 * names that starts with {@code "test","rps"}, then one line of quoted values per test (SET, GET,
 * ...). Only the test name and requests per second are required; the latency columns that Redis 7
 * adds are read when present.
 *
 * @param tests the tests in the order redis-benchmark ran them
 */
public record RedisBenchmarkResult(List<Test> tests) {
    /** The tool's name in messages. */
    public static final String TOOL = "redis-benchmark";

    /**
     * One test's line.
     *
     * @param name              the test as redis-benchmark names it, e.g. {@code SET}
     * @param requestsPerSecond completed requests per second
     * @param averageLatencyMs  mean latency in ms, or NaN when the output has no such column
     * @param p99LatencyMs      99th percentile latency in ms, or NaN when the output has no such column
     */
    public record Test(String name, double requestsPerSecond, double averageLatencyMs, double p99LatencyMs) {
        /** Validates: a name, and a positive, finite rate. */
        public Test {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("redis-benchmark test: the name is empty");
            }
            if (!(requestsPerSecond > 0) || !Double.isFinite(requestsPerSecond)) {
                throw new IllegalArgumentException("redis-benchmark test " + name + ": requests per second "
                    + requestsPerSecond + " must be positive");
            }
        }
    }

    /** Validates: at least one test, no test twice. */
    public RedisBenchmarkResult {
        tests = List.copyOf(tests);
        if (tests.isEmpty()) {
            throw new IllegalArgumentException("redis-benchmark result: no test");
        }
        Map<String, Test> seen = new LinkedHashMap<>();
        for (Test t : tests) {
            if (seen.put(t.name().toUpperCase(Locale.ROOT), t) != null) {
                throw new IllegalArgumentException("redis-benchmark result: test " + t.name() + " appears twice");
            }
        }
    }

    /** The test called {@code name} (case-insensitive: {@code get} finds {@code GET}). */
    public Optional<Test> test(String name) {
        return tests.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The requests per second of test {@code name}.
     *
     * @throws NetworkToolOutputException when the output has no such test (redis-benchmark -t did not ask for it)
     */
    public double requestsPerSecond(String name) throws NetworkToolOutputException {
        return test(name).orElseThrow(() -> new NetworkToolOutputException(TOOL, 0, "no " + name + " test among "
            + tests.stream().map(Test::name).toList())).requestsPerSecond();
    }

    /**
     * Reads {@code redis-benchmark --csv} output (blank lines are ignored).
     *
     * @throws NetworkToolOutputException naming the line that is not the expected CSV, or when there is no test
     */
    public static RedisBenchmarkResult parse(String csv) throws NetworkToolOutputException {
        if (csv == null || csv.isBlank()) {
            throw new NetworkToolOutputException(TOOL, 0, "empty: redis-benchmark --csv printed nothing"
                + " (it prints its errors, such as a refused connection, on standard error)");
        }
        String[] lines = csv.split("\r?\n", -1);
        List<String> header = null;
        int rpsColumn = -1;
        int avgColumn = -1;
        int p99Column = -1;
        List<Test> tests = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> fields = fields(line, lineNo);
            if (header == null) {
                if (fields.size() < 2 || !fields.get(0).equals("test") || !fields.get(1).equals("rps")) {
                    throw new NetworkToolOutputException(TOOL, lineNo, "expected the CSV header \"test\",\"rps\",...,"
                        + " got " + shorten(line));
                }
                header = fields;
                rpsColumn = 1;
                avgColumn = header.indexOf("avg_latency_ms");
                p99Column = header.indexOf("p99_latency_ms");
                continue;
            }
            if (fields.size() != header.size()) {
                throw new NetworkToolOutputException(TOOL, lineNo, "has " + fields.size() + " fields, the header "
                    + header.size() + ": " + shorten(line));
            }
            double rps = number(fields.get(rpsColumn), "rps", lineNo, line);
            double avg = avgColumn < 0 ? Double.NaN : number(fields.get(avgColumn), "avg_latency_ms", lineNo, line);
            double p99 = p99Column < 0 ? Double.NaN : number(fields.get(p99Column), "p99_latency_ms", lineNo, line);
            try {
                tests.add(new Test(fields.get(0), rps, avg, p99));
            } catch (IllegalArgumentException e) {
                throw new NetworkToolOutputException(TOOL, lineNo, e.getMessage() + ": " + shorten(line), e);
            }
        }
        if (tests.isEmpty()) {
            throw new NetworkToolOutputException(TOOL, 0, header == null ? "no CSV header and no test"
                : "a CSV header but no test line");
        }
        try {
            return new RedisBenchmarkResult(tests);
        } catch (IllegalArgumentException e) {
            throw new NetworkToolOutputException(TOOL, 0, e.getMessage(), e);
        }
    }

    /** The line's fields: each one double-quoted (a quote inside doubled, as RFC 4180 has it), comma-separated. */
    private static List<String> fields(String line, int lineNo) throws NetworkToolOutputException {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            if (i >= line.length() || line.charAt(i) != '"') {
                throw new NetworkToolOutputException(TOOL, lineNo, "expected a double-quoted field at column " + (i + 1)
                    + ": " + shorten(line));
            }
            StringBuilder f = new StringBuilder();
            i++;
            while (true) {
                if (i >= line.length()) {
                    throw new NetworkToolOutputException(TOOL, lineNo, "a quoted field is not closed: " + shorten(line));
                }
                char c = line.charAt(i++);
                if (c == '"') {
                    if (i < line.length() && line.charAt(i) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        break;
                    }
                } else {
                    f.append(c);
                }
            }
            out.add(f.toString());
            if (i == line.length()) {
                return out;
            }
            if (line.charAt(i) != ',') {
                throw new NetworkToolOutputException(TOOL, lineNo, "expected ',' after a field at column " + (i + 1)
                    + ": " + shorten(line));
            }
            i++;
        }
    }

    private static double number(String text, String column, int lineNo, String line) throws NetworkToolOutputException {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new NetworkToolOutputException(TOOL, lineNo, column + " '" + text + "' is not a number: " + shorten(line));
    }

    private static String shorten(String line) {
        return "'" + (line.length() > 80 ? line.substring(0, 77) + "..." : line) + "'";
    }
}
