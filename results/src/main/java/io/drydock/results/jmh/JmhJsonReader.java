package io.drydock.results.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.drydock.results.schema.Better;
import io.drydock.results.schema.CounterUnit;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import io.drydock.results.schema.InvalidFieldException;
import io.drydock.results.schema.ResultFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH's JSON output ({@code -rf json}) into figures. Each entry's primary metric and each
 * secondary metric becomes one figure; its per-fork values come from {@code rawData} (or, in
 * {@code sample} mode, from {@code rawDataHistogram}, one weighted mean per iteration). The
 * parameters {@code platform} and {@code workload} become those dimensions (a benchmark without a
 * {@code platform} parameter ran on the host JVM: {@code host}); every other parameter is a limit.
 * JMH writes non-finite numbers as the strings {@code "NaN"} and {@code "Infinity"}: accepted where
 * JMH puts them (score, scoreError), refused in measured values, where they would poison a verdict.
 * Unknown fields are ignored: JMH adds some between versions.
 */
public final class JmhJsonReader {

    /**
     * Reads every figure of a parsed JMH file.
     *
     * @param root the file's JSON, an array of benchmark entries
     * @param file the file, for messages
     * @throws ResultFormatException naming the JSON path of the first bad field
     */
    public List<Figure> figures(JsonNode root, Path file) throws ResultFormatException {
        if (!root.isArray()) {
            throw new ResultFormatException(file, "$", "JMH JSON is an array of benchmark entries");
        }
        List<Figure> out = new ArrayList<>();
        java.util.Set<io.drydock.results.schema.FigureKey> seen = new java.util.HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            String at = "$[" + i + "]";
            JsonNode entry = root.get(i);
            if (!entry.isObject()) {
                throw new ResultFormatException(file, at, "a benchmark entry must be an object");
            }
            String benchmark = text(file, entry, at, "benchmark");
            String mode = text(file, entry, at, "mode");
            Map<String, String> params = new TreeMap<>();
            JsonNode p = entry.get("params");
            if (p != null && !p.isNull()) {
                if (!p.isObject()) {
                    throw new ResultFormatException(file, at + ".params", "must be an object of name to value");
                }
                for (Map.Entry<String, JsonNode> e : p.properties()) {
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        throw new ResultFormatException(file, at + ".params." + e.getKey(), "must be a string");
                    }
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            String platform = params.getOrDefault("platform", "host");
            String workload = params.getOrDefault("workload", "default");
            params.remove("platform");
            params.remove("workload");

            JsonNode primary = entry.get("primaryMetric");
            if (primary == null || !primary.isObject()) {
                throw new ResultFormatException(file, at + ".primaryMetric", "is required and must be an object");
            }
            add(out, seen, file, at, metric(file, primary, at + ".primaryMetric", benchmark, Figure.PRIMARY, mode,
                    platform, workload, params));
            JsonNode secondary = entry.get("secondaryMetrics");
            if (secondary != null && !secondary.isNull()) {
                if (!secondary.isObject()) {
                    throw new ResultFormatException(file, at + ".secondaryMetrics", "must be an object");
                }
                for (Map.Entry<String, JsonNode> e : secondary.properties()) {
                    String mAt = at + ".secondaryMetrics[\"" + e.getKey() + "\"]";
                    if (!e.getValue().isObject()) {
                        throw new ResultFormatException(file, mAt, "must be an object");
                    }
                    add(out, seen, file, at, metric(file, e.getValue(), mAt, benchmark, e.getKey(), mode,
                            platform, workload, params));
                }
            }
        }
        return out;
    }

    private static void add(List<Figure> out, java.util.Set<io.drydock.results.schema.FigureKey> seen, Path file,
                            String at, Figure f) throws ResultFormatException {
        if (!seen.add(f.key())) {
            throw new ResultFormatException(file, at, "repeats the figure " + f.key().label()
                    + " (the same benchmark, mode and parameters twice in one file)");
        }
        out.add(f);
    }

    private static Figure metric(Path file, JsonNode m, String at, String benchmark, String metric, String mode,
                                 String platform, String workload, Map<String, String> limits)
            throws ResultFormatException {
        String unit = text(file, m, at, "scoreUnit");
        score(file, m, at, "score");
        if (m.has("scoreError")) {
            score(file, m, at, "scoreError");
        }
        List<List<Double>> forks;
        if (m.has("rawData")) {
            forks = rawData(file, m.get("rawData"), at + ".rawData");
        } else if (m.has("rawDataHistogram")) {
            forks = histogram(file, m.get("rawDataHistogram"), at + ".rawDataHistogram");
        } else {
            throw new ResultFormatException(file, at, "has neither rawData nor rawDataHistogram: the per-fork"
                    + " samples a verdict needs are missing");
        }
        FigureKind kind = FigureKind.classify(benchmark, metric, mode);
        Better better = kind == FigureKind.OTHER || kind == FigureKind.STARTUP_TIME
                ? Better.fromUnitAndMode(unit, mode) : Better.LOWER;
        // Aux counters come out as "#" or "#/op"; the kind knows the real unit, else the counter's
        // name says it (drydock's counters end in their unit: diskWritesBytes, qemuPssKiB, eventsPerSec).
        if (kind.unit() != null && unit.startsWith("#")) {
            unit = kind.unit();
        } else if (unit.startsWith("#")) {
            java.util.Optional<CounterUnit> u = CounterUnit.of(metric);
            if (u.isPresent()) {
                unit = u.get().unit();
                better = u.get().better();
            }
        }
        try {
            return new Figure(benchmark, metric, mode, unit, better, kind, platform, workload,
                    new TreeMap<>(limits), forks);
        } catch (InvalidFieldException e) {
            throw new ResultFormatException(file, at, e.getMessage(), e);
        }
    }

    private static List<List<Double>> rawData(Path file, JsonNode raw, String at) throws ResultFormatException {
        if (raw == null || !raw.isArray() || raw.isEmpty()) {
            throw new ResultFormatException(file, at, "must be a non-empty array of forks");
        }
        List<List<Double>> forks = new ArrayList<>();
        for (int f = 0; f < raw.size(); f++) {
            JsonNode fork = raw.get(f);
            String fAt = at + "[" + f + "]";
            if (!fork.isArray() || fork.isEmpty()) {
                throw new ResultFormatException(file, fAt, "must be a non-empty array of iteration values");
            }
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < fork.size(); i++) {
                values.add(value(file, fork.get(i), fAt + "[" + i + "]"));
            }
            forks.add(values);
        }
        return forks;
    }

    private static List<List<Double>> histogram(Path file, JsonNode raw, String at) throws ResultFormatException {
        if (raw == null || !raw.isArray() || raw.isEmpty()) {
            throw new ResultFormatException(file, at, "must be a non-empty array of forks");
        }
        List<List<Double>> forks = new ArrayList<>();
        for (int f = 0; f < raw.size(); f++) {
            JsonNode fork = raw.get(f);
            String fAt = at + "[" + f + "]";
            if (!fork.isArray() || fork.isEmpty()) {
                throw new ResultFormatException(file, fAt, "must be a non-empty array of iterations");
            }
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < fork.size(); i++) {
                JsonNode iteration = fork.get(i);
                String iAt = fAt + "[" + i + "]";
                if (!iteration.isArray() || iteration.isEmpty()) {
                    throw new ResultFormatException(file, iAt, "must be a non-empty array of [value, count] pairs");
                }
                double sum = 0;
                double count = 0;
                for (int b = 0; b < iteration.size(); b++) {
                    JsonNode pair = iteration.get(b);
                    String bAt = iAt + "[" + b + "]";
                    if (!pair.isArray() || pair.size() != 2) {
                        throw new ResultFormatException(file, bAt, "must be a [value, count] pair");
                    }
                    double v = value(file, pair.get(0), bAt + "[0]");
                    double c = value(file, pair.get(1), bAt + "[1]");
                    if (c < 0) {
                        throw new ResultFormatException(file, bAt + "[1]", "a count must not be negative");
                    }
                    sum += v * c;
                    count += c;
                }
                if (count == 0) {
                    throw new ResultFormatException(file, iAt, "the histogram holds no samples");
                }
                values.add(sum / count);
            }
            forks.add(values);
        }
        return forks;
    }

    private static double value(Path file, JsonNode n, String at) throws ResultFormatException {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(n.asText())) {
            throw new ResultFormatException(file, at, "measured value is \"" + n.asText()
                    + "\": JMH recorded no finite value here, so this figure cannot be compared");
        }
        throw new ResultFormatException(file, at, "must be a number, was " + n);
    }

    /** A score or score error: a number, or one of JMH's non-finite strings. */
    private static double score(Path file, JsonNode m, String at, String field) throws ResultFormatException {
        JsonNode n = m.get(field);
        if (n == null) {
            throw new ResultFormatException(file, at + "." + field, "is required");
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            switch (n.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new ResultFormatException(file, at + "." + field, "must be a number or \"NaN\", was " + n);
    }

    private static String text(Path file, JsonNode obj, String at, String field) throws ResultFormatException {
        JsonNode n = obj.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new ResultFormatException(file, at + "." + field, "is required and must be a non-empty string");
        }
        return n.asText();
    }
}
