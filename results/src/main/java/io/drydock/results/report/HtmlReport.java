package io.drydock.results.report;

import static io.drydock.results.report.TextTable.html;

import io.drydock.results.schema.Figure;
import io.drydock.results.schema.MachineInfo;
import io.drydock.results.stats.Interval;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One self-contained HTML page: styles inline, charts embedded as {@code data:} PNGs, no script and
 * no reference to the network or to another file, so it can be mailed, archived as a CI artifact
 * or opened offline.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** A headline cell: the value with its interval, the ratio to the peer on a second line. */
    private static String cell(HeadlineTable.Cell c) {
        if (c == null) {
            return "—";
        }
        String value = c.interval() == null ? MeasurementNames.format(c.figure(), c.mean()) + " (1 fork)"
                : MeasurementNames.format(c.figure(), c.mean()) + " ± " + MeasurementNames.format(c.figure(), c.interval().halfWidth());
        String s = "<span class=\"value\">" + html(value) + "</span>";
        if (c.ratio() == null) {
            return s;
        }
        String cls = c.ratio().needsMorePrecision() ? " class=\"imprecise\"" : "";
        return s + "<br><small" + cls + ">" + html(ValueFormat.ratioShort(c.ratio())) + "</small>";
    }

    /** The ratio table: every platform against its peer, with its interval; imprecise ones marked. */
    private static void ratios(StringBuilder b, HeadlineTable table) {
        if (table.ratios().isEmpty()) {
            return;
        }
        b.append("<h2 id=\"ratios\">Ratios</h2>\n<p class=\"note\">Each platform against its peer in this run")
                .append(" (mean over forks / the peer's mean), with the 95% percentile-bootstrap interval over forks")
                .append(" and its half-width relative to the ratio; \"paired\": read from the forks of the two platforms")
                .append(" that ran in the same interleaved run, as the typical ratio of a pair (Hodges-Lehmann, log scale),")
                .append(" pairs resampled together, so load that slowed a whole run cancels out and a pair that something")
                .append(" moved on one side only counts as one pair, not by its size.");
        List<io.drydock.results.schema.Ratio> bad = table.imprecise();
        if (!bad.isEmpty()) {
            b.append(" <strong>").append(bad.size()).append(" of ").append(table.ratios().size())
                    .append(" ratios are not within their target precision (marked in red).</strong>");
        }
        b.append("</p>\n<div class=\"wide\">\n<table class=\"ratios\">\n<tr><th>ratio</th><th>value [95% interval] ±half-width</th>")
                .append("<th>forks</th><th>precision</th></tr>\n");
        for (io.drydock.results.schema.Ratio r : table.ratios()) {
            String cls = r.needsMorePrecision() ? " imprecise" : "";
            b.append("<tr><td>").append(html(HeadlineTable.ratioLabel(r))).append("</td><td class=\"num").append(cls).append("\">")
                    .append(html(ValueFormat.ratio(r))).append("</td><td class=\"num\">").append(html(ValueFormat.forks(r)))
                    .append("</td><td class=\"").append(cls.strip()).append("\">")
                    .append(html(HeadlineTable.statusText(r))).append("</td></tr>\n");
        }
        b.append("</table>\n</div>\n");
    }

    /** Charts embedded as PNG, each with its caption and the name of its SVG beside the report. */
    private static void figures(StringBuilder b, List<ChartRenderer.RenderedChart> charts) throws IOException {
        for (ChartRenderer.RenderedChart c : charts) {
            b.append("<figure>\n<img alt=\"").append(html(c.title())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(c.pngBytes())).append("\">\n<figcaption>")
                    .append(html(c.title())).append(". ").append(html(c.caption()))
                    .append(" (also as charts/").append(html(c.svg().getFileName().toString())).append(")")
                    .append("</figcaption>\n</figure>\n");
        }
    }

    /** The page for {@code runs}: the report's tables, its charts embedded. */
    public static String render(RunSet runs, ReportWriter.Report report) throws IOException {
        HeadlineTable table = report.headline();
        List<ChartRenderer.RenderedChart> charts = report.charts();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>drydock report</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}\n")
                .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;")
                .append("text-align:left;vertical-align:top}td.num{text-align:right}td.num small{color:#555}span.value{white-space:nowrap}")
                .append("th{background:#f3f3f3}\n")
                .append("div.wide{overflow-x:auto;max-width:100%}\n")
                // Long labels and evidence wrap rather than push the page wider than the window.
                .append("td,th{overflow-wrap:break-word}td.holds{color:#1a6b1a}")
                .append("table.claims,table.published{table-layout:fixed;width:100%}")
                .append("table.claims th:nth-child(1){width:32%}table.claims th:nth-child(2){width:22%}")
                .append("table.published th:nth-child(1){width:20%}table.published th:nth-child(2){width:13%}")
                .append("table.published th:nth-child(3){width:15%}table.published th:nth-child(5){width:12%}")
                .append("td.does-not-hold{color:#a40000;font-weight:bold}td.inconclusive,td.not-measurable,td.not-measured{color:#555}\n")
                .append("table.claims ul{margin:0;padding-left:1.2em}table.answer td:first-child{white-space:nowrap}\n")
                .append("figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #ddd}")
                .append("figcaption{color:#555;font-size:.9em}\n.note{color:#555;font-size:.9em}\n")
                .append("small.imprecise,td.imprecise{color:#a40000;font-weight:bold}\n")
                .append("</style>\n</head>\n<body>\n");
        b.append("<h1>drydock: container vs VM vs host</h1>\n");
        b.append("<p class=\"note\">Run of ").append(html(runs.createdAt())).append(", ")
                .append(runs.figures().size()).append(" figures on ").append(runs.platforms().size())
                .append(" platform(s). Values are means over forks (each fork a fresh JVM) ± half the 95%")
                .append(" bootstrap interval of the mean.</p>\n");

        b.append("<h2 id=\"answer\">The answer: host, container and VM by dimension</h2>\n<div class=\"wide\">\n")
                .append(report.answer().toHtml()).append("</div>\n");
        b.append("<h2 id=\"claims\">The classic claims, checked</h2>\n<div class=\"wide\">\n")
                .append(report.claims().toHtml()).append("</div>\n");
        b.append("<h2 id=\"headline\">Detail: every platform against its peer</h2>\n<div class=\"wide\">\n<table class=\"headline\">\n<tr><th>measurement</th>");
        table.platforms().forEach(p -> b.append("<th>").append(html(p)).append("</th>"));
        b.append("</tr>\n");
        for (HeadlineTable.Row r : table.rows()) {
            b.append("<tr><td>").append(html(r.label())).append("</td>");
            for (String p : table.platforms()) {
                b.append("<td class=\"num\">").append(cell(r.cells().get(p))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n</div>\n");
        ratios(b, table);

        b.append("<h2 id=\"machine\">Machine</h2>\n");
        if (runs.machines().size() > 1) {
            b.append("<p><strong>These results come from ").append(runs.machines().size())
                    .append(" different machines; compare across them with care.</strong></p>\n");
        }
        for (MachineInfo m : runs.machines()) {
            b.append("<table class=\"machine\">\n");
            for (Map.Entry<String, String> e : m.describe().entrySet()) {
                b.append("<tr><th>").append(html(e.getKey())).append("</th><td>").append(html(e.getValue()))
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }

        b.append("<h2 id=\"charts\">Charts</h2>\n");
        if (charts.isEmpty()) {
            b.append("<p>No figures to draw.</p>\n");
        }
        figures(b, charts);

        if (report.history().isTrend()) {
            List<RunHistory.DatedRun> all = report.history().runs();
            b.append("<h2 id=\"trend\">Over time</h2>\n<p class=\"note\">").append(all.size())
                    .append(" runs of this host, ").append(html(all.get(0).at().toString())).append(" to ")
                    .append(html(all.get(all.size() - 1).at().toString()))
                    .append("; the tables above are the newest run's.</p>\n");
            figures(b, report.trend());
        }

        b.append("<h2 id=\"figures\">All figures</h2>\n<div class=\"wide\">\n<table class=\"figures\">\n<tr><th>figure</th><th>dimension</th>")
                .append("<th>mean</th><th>95% interval of the mean</th><th>per-fork samples</th></tr>\n");
        for (Figure f : runs.figures()) {
            Interval ci = RunSet.meanInterval(f);
            String samples = java.util.Arrays.stream(f.samples()).mapToObj(ValueFormat::number)
                    .collect(Collectors.joining(", "));
            Dimension d = MeasurementNames.of(f).dimension();
            b.append("<tr><td>").append(html(MeasurementNames.describe(f.key()))).append("</td><td>")
                    .append(html(d == null ? "detail" : d.label())).append("</td><td class=\"num\">")
                    .append(html(MeasurementNames.format(f, f.mean()))).append("</td><td class=\"num\">")
                    .append(html(ci == null ? "n/a (1 fork)" : "[" + MeasurementNames.format(f, ci.low()) + ", "
                            + MeasurementNames.format(f, ci.high()) + "]")).append("</td><td>")
                    .append(html(samples)).append("</td></tr>\n");
        }
        b.append("</table>\n</div>\n");
        b.append("<h2 id=\"published\">Published figures next to this host</h2>\n").append("<div class=\"wide\">\n")
                .append(report.published().toHtml()).append("</div>\n");
        b.append("<p class=\"note\">Made by drydock. Each fork is one sample; a regression verdict")
                .append(" between two runs comes from <code>drydock compare</code>.</p>\n</body>\n</html>\n");
        return b.toString();
    }
}
