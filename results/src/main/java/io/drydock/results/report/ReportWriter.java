package io.drydock.results.report;

import io.drydock.results.schema.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a report folder: {@code report.html} (self-contained), {@code summary.md}, and
 * {@code charts/} with every chart as PNG and SVG.
 */
public final class ReportWriter {

    /** What was written. */
    public record Report(Path html, Path markdown, List<ChartRenderer.RenderedChart> charts, HeadlineTable headline,
                         DimensionHeadline answer) {
    }

    /** Writes the report of {@code runs} into {@code dir}, creating it, replacing earlier report files. */
    public Report write(RunSet runs, Path dir) throws IOException {
        Files.createDirectories(dir);
        HeadlineTable table = HeadlineTable.of(runs);
        DimensionHeadline answer = DimensionHeadline.of(runs);
        List<ChartRenderer.RenderedChart> charts = new ChartRenderer().render(runs, dir.resolve("charts"));
        Path html = dir.resolve("report.html");
        Files.writeString(html, HtmlReport.render(runs, table, answer, charts));
        Path md = dir.resolve("summary.md");
        Files.writeString(md, markdown(runs, table, answer, charts));
        return new Report(html, md, charts, table, answer);
    }

    private static String markdown(RunSet runs, HeadlineTable table, DimensionHeadline answer,
            List<ChartRenderer.RenderedChart> charts) {
        StringBuilder b = new StringBuilder("# drydock: container vs VM vs host\n\n");
        b.append("Run of ").append(runs.createdAt()).append(": ").append(runs.figures().size())
                .append(" figures. Means over forks ± half the 95% bootstrap interval of the mean; each platform's")
                .append(" ratio to its peer in this run with the 95% bootstrap interval over forks.\n\n");
        if (!table.imprecise().isEmpty()) {
            b.append("**").append(table.imprecise().size()).append(" of ").append(table.ratios().size())
                    .append(" ratios are not within their target precision** (see the precision column).\n\n");
        }
        b.append("## The answer: host, container and VM by dimension\n\n").append(answer.toMarkdown()).append('\n');
        b.append("## Detail: every platform against its peer\n\n").append(table.toMarkdown()).append('\n');
        b.append("## Machine\n\n");
        if (runs.machines().size() > 1) {
            b.append("**These results come from ").append(runs.machines().size()).append(" different machines.**\n\n");
        }
        for (MachineInfo m : runs.machines()) {
            for (Map.Entry<String, String> e : m.describe().entrySet()) {
                b.append("- ").append(e.getKey()).append(": ").append(TextTable.markdownEscape(e.getValue())).append('\n');
            }
            b.append('\n');
        }
        b.append("## Charts\n\n");
        for (ChartRenderer.RenderedChart c : charts) {
            b.append("- ").append(c.title()).append(": charts/").append(c.png().getFileName())
                    .append(", charts/").append(c.svg().getFileName()).append('\n');
        }
        b.append("\nThe full report with embedded charts is report.html.\n");
        return b.toString();
    }
}
