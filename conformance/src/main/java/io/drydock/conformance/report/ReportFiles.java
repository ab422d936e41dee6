package io.drydock.conformance.report;

import io.drydock.conformance.RuntimeReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a certification's files into a directory: JUnit XML per runtime, TAP, certificate.md and .html. */
public final class ReportFiles {
    private ReportFiles() {}

    /** Writes every file and returns their paths. */
    public static List<Path> write(List<RuntimeReport> reports, Path dir) throws IOException {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("reports: nothing was certified");
        }
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (RuntimeReport r : reports) {
            written.add(write(dir.resolve(JunitXml.fileName(r)), JunitXml.render(r)));
        }
        written.add(write(dir.resolve(Tap.FILE), Tap.render(reports)));
        written.add(write(dir.resolve(Certificate.MARKDOWN), Certificate.markdown(reports)));
        written.add(write(dir.resolve(Certificate.HTML), Certificate.html(reports)));
        return written;
    }

    private static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
