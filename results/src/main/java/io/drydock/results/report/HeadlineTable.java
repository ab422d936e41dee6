package io.drydock.results.report;

import io.drydock.results.schema.Figure;
import io.drydock.results.stats.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headline comparison "container vs VM vs host": one row per measurement (benchmark, metric,
 * workload, limits), one column per platform, each cell the mean with its 95% interval (none for a single fork) and, where
 * the host was measured too, the ratio to the host.
 */
public final class HeadlineTable {
    private final List<String> platforms;
    private final List<Row> rows;

    /** One cell: a platform's figure in a row. */
    public record Cell(Figure figure, double mean, Interval interval, double ratioToHost) {
    }

    /** One row: a measurement across platforms. */
    public record Row(String label, String unit, Map<String, Cell> cells) {
    }

    private HeadlineTable(List<String> platforms, List<Row> rows) {
        this.platforms = platforms;
        this.rows = rows;
    }

    /** The table of a run set. */
    public static HeadlineTable of(RunSet runs) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Figure>> g : runs.byGroup().entrySet()) {
            Figure host = g.getValue().get("host");
            Map<String, Cell> cells = new java.util.LinkedHashMap<>();
            String unit = null;
            for (String p : RunSet.orderPlatforms(g.getValue().keySet())) {
                Figure f = g.getValue().get(p);
                unit = unit == null ? f.unit() : unit;
                double ratio = host != null && host != f && host.mean() != 0 && host.unit().equals(f.unit())
                        ? f.mean() / host.mean() : Double.NaN;
                cells.put(p, new Cell(f, f.mean(), RunSet.meanInterval(f), ratio));
            }
            rows.add(new Row(g.getKey(), unit, cells));
        }
        return new HeadlineTable(runs.platforms(), List.copyOf(rows));
    }

    /** The platform columns, in display order. */
    public List<String> platforms() {
        return platforms;
    }

    /** The rows, in figure order. */
    public List<Row> rows() {
        return rows;
    }

    /** The cell text: "12.3 ± 0.41 ms/op (1.80× host)", or "—" for a platform not measured. */
    public static String cellText(Cell c) {
        if (c == null) {
            return "—";
        }
        String s = c.interval() == null ? ValueFormat.withUnit(c.mean(), c.figure().unit()) + " (1 fork)"
                : ValueFormat.withError(c.mean(), c.interval().halfWidth(), c.figure().unit());
        return Double.isNaN(c.ratioToHost()) ? s : s + " (" + ValueFormat.ratio(c.ratioToHost()) + " host)";
    }

    /** A plain-text table with aligned columns, for a terminal. */
    public String toText() {
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("measurement");
        header.addAll(platforms);
        cells.add(header);
        for (Row r : rows) {
            List<String> line = new ArrayList<>();
            line.add(r.label());
            for (String p : platforms) {
                line.add(cellText(r.cells().get(p)));
            }
            cells.add(line);
        }
        return TextTable.render(cells);
    }

    /** A GitHub-flavoured Markdown table. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("| measurement |");
        platforms.forEach(p -> b.append(' ').append(p).append(" |"));
        b.append("\n|---|");
        platforms.forEach(p -> b.append("---:|"));
        b.append('\n');
        for (Row r : rows) {
            b.append("| ").append(TextTable.markdownEscape(r.label())).append(" |");
            for (String p : platforms) {
                b.append(' ').append(TextTable.markdownEscape(cellText(r.cells().get(p)))).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
