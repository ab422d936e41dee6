package io.drydock.results.report;

import io.drydock.results.schema.Figure;
import io.drydock.results.schema.MachineInfo;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.schema.ResultFile;
import io.drydock.results.schema.ResultFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What {@code drydock bench} does after JMH has run: turns JMH's JSON and the machine's description
 * into a result file, writes it and the report into a run folder, and gives back the text to print
 * (the answer by dimension, the claims, the published comparison).
 */
public final class RunRecorder {
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final ResultCodec codec = new ResultCodec();

    /**
     * What a recorded run left behind.
     *
     * @param terminalText what to print: the answer by dimension, the claims and the published comparison
     */
    public record RecordedRun(Path folder, Path resultFile, Path reportHtml, Path summaryMarkdown,
                              String terminalText) {
    }

    /**
     * A new folder for a run under {@code parent} (by default {@code ./drydock-results}), named by
     * the UTC time; a suffix keeps two runs in the same second apart.
     */
    public static Path newRunFolder(Path parent, Instant now) throws IOException {
        Files.createDirectories(parent);
        String name = FOLDER.format(now);
        for (int i = 0; ; i++) {
            Path p = parent.resolve(i == 0 ? name : name + "-" + i);
            try {
                return Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // taken: try the next suffix
            }
        }
    }

    /**
     * Reads JMH's JSON output and returns it as a result file with {@code machine}.
     *
     * @throws ResultFormatException if the JMH file is malformed (naming the bad field)
     */
    public ResultFile fromJmh(Path jmhJson, MachineInfo machine, Instant finishedAt)
            throws ResultFormatException, IOException {
        ResultFile raw = codec.read(jmhJson);
        if (raw.machine().isKnown()) {
            throw new ResultFormatException(jmhJson, "$", "is a drydock result file, not JMH output; its machine"
                    + " would be replaced by this one");
        }
        List<Figure> figures = raw.figures();
        return ResultFile.of(finishedAt, machine, figures);
    }

    /**
     * Records a run: writes {@code results.json} and the report ({@code report.html},
     * {@code summary.md}, {@code charts/}) into {@code folder}.
     */
    public RecordedRun record(ResultFile result, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path json = folder.resolve("results.json");
        codec.write(result, json);
        ReportWriter.Report report = new ReportWriter().write(RunSet.of(result), folder);
        return new RecordedRun(folder, json, report.html(), report.markdown(), report.terminalText());
    }

    /** {@link #fromJmh} then {@link #record}. */
    public RecordedRun record(Path jmhJson, MachineInfo machine, Path folder)
            throws ResultFormatException, IOException {
        return record(fromJmh(jmhJson, machine, Instant.now()), folder);
    }
}
