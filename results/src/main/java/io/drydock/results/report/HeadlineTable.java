package io.drydock.results.report;

import io.drydock.results.schema.Figure;
import io.drydock.results.schema.Ratio;
import io.drydock.results.stats.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headline comparison "container vs VM vs host": one row per measurement (benchmark, metric,
 * workload, limits), one column per platform, each cell the mean with its 95% interval (none for a single fork) and,
 * where the platform's peer was measured too, the ratio to the peer with its interval ({@link RunSet#ratios()}).
 */
public final class HeadlineTable {
    private final List<String> platforms;
    private final List<Row> rows;

    /** One cell: a platform's figure in a row, and its ratio to its peer (null if it has none). */
    public record Cell(Figure figure, double mean, Interval interval, Ratio ratio) {
    }

    /** One row: a measurement across platforms. */
    public record Row(String label, String unit, Map<String, Cell> cells) {
    }

    private final List<Ratio> ratios;

    private HeadlineTable(List<String> platforms, List<Row> rows, List<Ratio> ratios) {
        this.platforms = platforms;
        this.rows = rows;
        this.ratios = ratios;
    }

    /** The table of a run set. */
    public static HeadlineTable of(RunSet runs) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, Figure>> g : runs.byGroup().entrySet()) {
            Map<String, Cell> cells = new java.util.LinkedHashMap<>();
            String unit = null;
            for (String p : RunSet.orderPlatforms(g.getValue().keySet())) {
                Figure f = g.getValue().get(p);
                unit = unit == null ? f.unit() : unit;
                cells.put(p, new Cell(f, f.mean(), RunSet.meanInterval(f), runs.ratioOf(f.key()).orElse(null)));
            }
            Figure any = g.getValue().values().iterator().next();
            rows.add(new Row(rowLabel(any), unit, cells));
        }
        return new HeadlineTable(runs.platforms(), List.copyOf(rows), runs.ratios());
    }

    /** The platform columns, in display order. */
    public List<String> platforms() {
        return platforms;
    }

    /** The rows, in figure order. */
    public List<Row> rows() {
        return rows;
    }

    /** Every ratio of the run, in figure order. */
    public List<Ratio> ratios() {
        return ratios;
    }

    /** The ratios that are not within their target: wide, or from too few forks. */
    public List<Ratio> imprecise() {
        return ratios.stream().filter(Ratio::needsMorePrecision).toList();
    }

    /** A ratio's status for people: "ok", "wider than ±5%", "too few forks", and "after N more forks, capped". */
    public static String statusText(Ratio r) {
        String s = switch (r.precision()) {
            case WITHIN -> "ok";
            case WIDE -> String.format(java.util.Locale.ROOT, "WIDER than ±%.0f%%", 100 * r.target());
            case TOO_FEW_FORKS -> "TOO FEW FORKS";
        };
        if (r.extraForks() > 0) {
            s += ", after " + r.extraForks() + " more forks";
        }
        return r.capped() ? s + " (rerun cap reached)" : s;
    }

    /** A measurement in words with its workload and limits: "start to ready (busybox-true, memory 256m)". */
    static String rowLabel(Figure f) {
        String limits = MeasurementNames.limitsText(f.limits());
        String context = ("default".equals(f.workload()) ? "" : f.workload())
            + (limits.isEmpty() ? "" : ("default".equals(f.workload()) ? "" : ", ") + limits);
        return MeasurementNames.of(f).label() + (context.isEmpty() ? "" : " (" + context + ")");
    }

    /** A ratio in words: "start-up: create, start, wait, delete /bin/true: drydock / crun", with any limits. */
    public static String ratioLabel(Ratio r) {
        String limits = r.limits().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(java.util.stream.Collectors.joining(", "));
        return MeasurementNames.of(r.benchmark(), r.metric()).label() + (limits.isEmpty() ? "" : " (" + limits + ")")
            + ": " + r.platform() + " / " + r.peer();
    }

    /** The rows of the ratio table: measurement, ratio with interval, forks, status. */
    private List<List<String>> ratioCells() {
        List<List<String>> cells = new ArrayList<>();
        cells.add(List.of("ratio", "value [95% interval] ±half-width", "forks", "precision"));
        for (Ratio r : ratios) {
            cells.add(List.of(ratioLabel(r), ValueFormat.ratio(r), ValueFormat.forks(r), statusText(r)));
        }
        return cells;
    }

    /** The cell text: "12.3 ± 0.41 ms/op (2.55× crun ±2.4%)", or "—" for a platform not measured. */
    public static String cellText(Cell c) {
        if (c == null) {
            return "—";
        }
        String s = c.interval() == null ? MeasurementNames.format(c.figure(), c.mean()) + " (1 fork)"
                : MeasurementNames.format(c.figure(), c.mean()) + " ± " + MeasurementNames.format(c.figure(), c.interval().halfWidth());
        return c.ratio() == null ? s : s + " (" + ValueFormat.ratioShort(c.ratio()) + ")";
    }

    /** The ratio table alone (each platform against its peer, with precision), or "" without ratios. */
    public String ratioText() {
        return ratios.isEmpty() ? "" : TextTable.render(ratioCells());
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
        String table = TextTable.render(cells);
        return ratios.isEmpty() ? table : table + "\n" + TextTable.render(ratioCells());
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
        if (!ratios.isEmpty()) {
            b.append("\n| ratio | value [95% interval] ±half-width | forks | precision |\n|---|---:|---:|---|\n");
            for (List<String> line : ratioCells().subList(1, ratios.size() + 1)) {
                b.append('|');
                line.forEach(c -> b.append(' ').append(TextTable.markdownEscape(c)).append(" |"));
                b.append('\n');
            }
        }
        return b.toString();
    }
}
