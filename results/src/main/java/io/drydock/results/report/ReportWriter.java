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
                         DimensionHeadline answer, Claims claims, PublishedComparison published, RunHistory history,
                         List<ChartRenderer.RenderedChart> trend) {
        /**
         * What a terminal shows after a run or a report: the answer by dimension, the claims, the
         * published comparison and, over several runs, each figure's drift, each at most
         * {@link DimensionHeadline#TERMINAL_WIDTH} columns wide.
         */
        public String terminalText() {
            String text = answer.toText() + "\n" + claims.toText() + "\n" + published.toText();
            return history.isTrend() ? text + "\n" + TrendTable.of(history).toText() : text;
        }
    }

    /** Writes the report of {@code runs} into {@code dir}, creating it, replacing earlier report files. */
    public Report write(RunSet runs, Path dir) throws IOException {
        return write(RunHistory.single(runs), dir);
    }

    /**
     * Writes the report of the newest run of {@code history} into {@code dir} and, when the history
     * has more than one run, every headline figure over time.
     */
    public Report write(RunHistory history, Path dir) throws IOException {
        RunSet runs = history.latest();
        Files.createDirectories(dir);
        HeadlineTable table = HeadlineTable.of(runs);
        DimensionHeadline answer = DimensionHeadline.of(runs);
        Claims claims = Claims.of(runs);
        PublishedComparison published = PublishedComparison.of(runs);
        ChartRenderer renderer = new ChartRenderer();
        List<ChartRenderer.RenderedChart> charts = renderer.render(runs, dir.resolve("charts"));
        List<ChartRenderer.RenderedChart> trend = history.isTrend()
            ? renderer.renderTrend(history, dir.resolve("charts"), charts.size() + 1) : List.of();
        Report report = new Report(dir.resolve("report.html"), dir.resolve("summary.md"), charts, table, answer, claims,
            published, history, trend);
        Files.writeString(report.html(), HtmlReport.render(runs, report));
        Files.writeString(report.markdown(), markdown(runs, report));
        return report;
    }

    private static String markdown(RunSet runs, Report report) {
        HeadlineTable table = report.headline();
        List<ChartRenderer.RenderedChart> charts = report.charts();
        StringBuilder b = new StringBuilder("# drydock: container vs VM vs host\n\n");
        b.append("Run of ").append(runs.createdAt()).append(": ").append(runs.figures().size())
                .append(" figures. Means over forks ± half the 95% bootstrap interval of the mean; each platform's")
                .append(" ratio to its peer in this run with the 95% bootstrap interval over forks (\"paired\": the typical")
                .append(" ratio of the pairs of forks that ran in the same interleaved run).\n\n");
        if (!table.imprecise().isEmpty()) {
            b.append("**").append(table.imprecise().size()).append(" of ").append(table.ratios().size())
                    .append(" ratios are not within their target precision** (see the precision column).\n\n");
        }
        b.append("## The answer: host, container and VM by dimension\n\n").append(report.answer().toMarkdown()).append('\n');
        b.append("## The classic claims, checked\n\n").append(report.claims().toMarkdown()).append('\n');
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
        if (report.history().isTrend()) {
            List<RunHistory.DatedRun> all = report.history().runs();
            b.append("\n## Over time\n\n").append(all.size()).append(" runs of this host, ").append(all.get(0).at())
                .append(" to ").append(all.get(all.size() - 1).at()).append("; the tables above are the newest run's.\n\n")
                .append(TrendTable.of(report.history()).toMarkdown()).append('\n');
            for (ChartRenderer.RenderedChart c : report.trend()) {
                b.append("- ").append(c.title()).append(": charts/").append(c.png().getFileName()).append('\n');
            }
        }
        b.append("\nThe full report with embedded charts is report.html.\n\n");
        b.append("## Published figures next to this host\n\n").append(report.published().toMarkdown());
        return b.toString();
    }
}
