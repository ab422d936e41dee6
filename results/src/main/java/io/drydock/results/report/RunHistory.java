package io.drydock.results.report;

import io.drydock.results.schema.FigureKey;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.schema.ResultFile;
import io.drydock.results.schema.ResultFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result files a report is given, as runs in time. Files whose figures do not overlap are
 * parts of one run (split by platform) and merge into one {@link RunSet}; files that measure the
 * same figures are runs of the same host at different times, each its own run, oldest first: the
 * report shows the newest and, beside it, every headline figure over time, so a slow drift
 * across many commits shows and not only A against B.
 */
public final class RunHistory {
    /** A run and when it finished. */
    public record DatedRun(Path file, Instant at, RunSet runs) {
    }

    private final List<DatedRun> runs;

    private RunHistory(List<DatedRun> runs) {
        this.runs = List.copyOf(runs);
    }

    /** A history of one run. */
    public static RunHistory single(RunSet runs) {
        return new RunHistory(List.of(new DatedRun(Path.of("result"), Instant.parse(runs.createdAt()), runs)));
    }

    /**
     * Reads result files (drydock or JMH JSON).
     *
     * @throws ResultFormatException naming the file and field of the first malformed file
     * @throws ReportInputException  when runs of a trend come from different hosts, or two of them
     *                               finished at the same instant
     * @throws IOException           when a file cannot be read, naming it
     */
    public static RunHistory read(List<Path> files) throws ResultFormatException, ReportInputException, IOException {
        ResultCodec codec = new ResultCodec();
        Map<Path, ResultFile> results = new LinkedHashMap<>();
        for (Path f : files) {
            results.put(f, codec.read(f));
        }
        return of(results);
    }

    /**
     * The history of {@code results}.
     *
     * @throws ReportInputException as {@link #read}
     */
    public static RunHistory of(Map<Path, ResultFile> results) throws ReportInputException {
        if (results.isEmpty()) {
            throw new ReportInputException("no result files given");
        }
        Map<FigureKey, Path> seen = new HashMap<>();
        boolean overlap = false;
        for (Map.Entry<Path, ResultFile> e : results.entrySet()) {
            for (var f : e.getValue().figures()) {
                overlap |= seen.putIfAbsent(f.key(), e.getKey()) != null;
            }
        }
        if (!overlap) {
            RunSet merged = RunSet.of(results);
            return new RunHistory(List.of(new DatedRun(results.keySet().iterator().next(),
                Instant.parse(merged.createdAt()), merged)));
        }
        List<DatedRun> runs = new ArrayList<>();
        for (Map.Entry<Path, ResultFile> e : results.entrySet()) {
            runs.add(new DatedRun(e.getKey(), Instant.parse(e.getValue().createdAt()), RunSet.of(e.getValue())));
        }
        runs.sort(java.util.Comparator.comparing(DatedRun::at));
        DatedRun first = runs.get(0);
        for (int i = 1; i < runs.size(); i++) {
            DatedRun r = runs.get(i);
            if (r.at().equals(runs.get(i - 1).at())) {
                throw new ReportInputException(runs.get(i - 1).file() + " and " + r.file() + " measure the same figures"
                    + " and both finished at " + r.at() + ": a trend needs one run per file (use 'drydock compare'"
                    + " for two runs)");
            }
            List<String> diff = first.runs().machines().get(0).hostDifferences(r.runs().machines().get(0));
            if (!diff.isEmpty()) {
                throw new ReportInputException(r.file() + " is not from the same host as " + first.file()
                    + " (" + String.join("; ", diff) + "): a trend compares runs of one host");
            }
        }
        return new RunHistory(runs);
    }

    /** The runs, oldest first. */
    public List<DatedRun> runs() {
        return runs;
    }

    /** The newest run: the one the report shows. */
    public RunSet latest() {
        return runs.get(runs.size() - 1).runs();
    }

    /** True when there is more than one run to draw over time. */
    public boolean isTrend() {
        return runs.size() > 1;
    }
}
