package io.drydock.results.report;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.Ratio;
import io.drydock.results.stats.PeerRatios;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The answer at a glance: one row per measurement the {@link MeasurementNames} catalogue puts in a
 * {@link Dimension}, dimensions in their order, and one column per kind of platform (host,
 * container: drydock, container: the better of runc and crun, VM). Each cell is the figure with
 * its unit over its ratio to the host in the same row, with the ratio's 95% interval as ±%. Columns
 * no figure fills are dropped (a run without VMs says so under the table); the rest of the detail
 * (every platform, every ratio to its peer) is {@link HeadlineTable}'s.
 */
public final class DimensionHeadline {
    /** A kind of platform: a column of the headline. */
    public enum Column {
        HOST("host"), DRYDOCK("container: drydock"), PEERS("container: peers"), VM("VM");

        private final String label;

        Column(String label) {
            this.label = label;
        }

        /** The column heading. */
        public String label() {
            return label;
        }

        /** The column a platform's figures go in, if any (unshare, qemu, drydock-runc stay in the detail). */
        static Optional<Column> of(String platform) {
            return switch (platform) {
                case "host" -> Optional.of(HOST);
                case "drydock", "drydock-hostnet" -> Optional.of(DRYDOCK);
                case "runc", "crun" -> Optional.of(PEERS);
                case "vm" -> Optional.of(VM);
                default -> Optional.empty();
            };
        }
    }

    /** A cell: the figure shown, and its ratio to the row's host figure (null if none). */
    public record Cell(Figure figure, Ratio toHost) {
    }

    /** A row: a measurement in a dimension, its cells by column. */
    public record Row(Dimension dimension, String label, Map<Column, Cell> cells) {
    }

    private final List<Row> rows;
    private final List<Column> columns;

    private DimensionHeadline(List<Row> rows, List<Column> columns) {
        this.rows = rows;
        this.columns = columns;
    }

    /** The headline of a run set. */
    public static DimensionHeadline of(RunSet runs) {
        PeerRatios ratios = PeerRatios.defaults();
        // Row key: dimension, label, workload and limits; the host-networking variant of a network row is its own row.
        Map<String, Dimension> dims = new LinkedHashMap<>();
        Map<String, Map<Column, Figure>> figures = new LinkedHashMap<>();
        Map<String, Figure> hosts = new LinkedHashMap<>();
        for (Figure f : runs.figures()) {
            MeasurementNames.Name n = MeasurementNames.of(f);
            Optional<Column> col = Column.of(f.platform());
            if (n.dimension() == null || col.isEmpty()) {
                continue;
            }
            String base = rowLabel(n, f);
            String label = f.platform().equals("drydock-hostnet") ? base + ", host networking" : base;
            dims.put(label, n.dimension());
            Map<Column, Figure> cells = figures.computeIfAbsent(label, k -> new EnumMap<>(Column.class));
            Figure before = cells.get(col.get());
            // Two peers in one column: the better one is shown, named.
            if (before == null || better(f, before)) {
                cells.put(col.get(), f);
            }
            if (col.get() == Column.HOST) {
                hosts.put(base, f);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<Column, Figure>> e : figures.entrySet()) {
            String label = e.getKey();
            Figure host = e.getValue().containsKey(Column.HOST) ? e.getValue().get(Column.HOST)
                : hosts.get(label.replaceFirst(", host networking$", ""));
            Map<Column, Cell> cells = new EnumMap<>(Column.class);
            if (host != null) {
                cells.put(Column.HOST, new Cell(host, null));
            }
            e.getValue().forEach((c, f) -> {
                if (c != Column.HOST) {
                    cells.put(c, new Cell(f, host == null ? null : ratios.ratio(f, host).orElse(null)));
                }
            });
            rows.add(new Row(dims.get(label), label, cells));
        }
        rows.sort(Comparator.comparing(Row::dimension).thenComparingInt(DimensionHeadline::catalogueOrder));
        List<Column> columns = new ArrayList<>();
        for (Column c : Column.values()) {
            if (rows.stream().anyMatch(r -> r.cells().containsKey(c))) {
                columns.add(c);
            }
        }
        return new DimensionHeadline(List.copyOf(rows), List.copyOf(columns));
    }

    private static int catalogueOrder(Row r) {
        return r.cells().values().stream().mapToInt(c -> MeasurementNames.order(c.figure().benchmark(), c.figure().metric()))
            .min().orElse(Integer.MAX_VALUE);
    }

    private static String rowLabel(MeasurementNames.Name n, Figure f) {
        String limits = f.limits().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return limits.isEmpty() ? n.label() : n.label() + " (" + limits + ")";
    }

    private static boolean better(Figure a, Figure b) {
        return a.better() == Better.HIGHER ? a.mean() > b.mean() : a.mean() < b.mean();
    }

    /** The rows, by dimension. */
    public List<Row> rows() {
        return rows;
    }

    /** The columns some figure fills, in order. */
    public List<Column> columns() {
        return columns;
    }

    /** The figure text of a cell: "21.0 ms", with the peer named in the peers column ("crun 21.0 ms"). */
    public static String figureText(Column c, Cell cell) {
        if (cell == null) {
            return "—";
        }
        String v = ValueFormat.withUnit(cell.figure().mean(), MeasurementNames.unit(cell.figure().unit()));
        return c == Column.PEERS ? cell.figure().platform() + " " + v : v;
    }

    /** The ratio to the host of a cell: "1.02× ±3%", "1.02× (1 fork)", or "" for the host itself or no host figure. */
    public static String ratioText(Cell cell) {
        if (cell == null || cell.toHost() == null) {
            return "";
        }
        Ratio r = cell.toHost();
        String v = ValueFormat.ratio(r.value());
        if (!r.hasInterval()) {
            return v + " (1 fork)";
        }
        return v + String.format(Locale.ROOT, " ±%.0f%%", 100 * r.relativeHalfWidth());
    }

    /** What the table leaves out and why, one sentence each (no VM figures, no host figures). */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (!columns.contains(Column.VM)) {
            notes.add("No VM figures in this run (this host has no QEMU/libvirt, or the VM benchmarks were not selected).");
        }
        if (rows.stream().anyMatch(r -> r.dimension() == Dimension.STARTUP)) {
            notes.add("Start to ready: a container is created, started, waited for (/bin/true) and deleted;"
                + " a VM boots to its init's ready mark.");
        }
        notes.add("Under each figure: its ratio to the host's figure in the same row (1.00× = native), ± half its 95% interval.");
        return notes;
    }

    /** The table for a terminal: at most 100 columns for the usual labels, two lines a row. */
    public String toText() {
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("dimension / measurement"));
        columns.forEach(c -> header.add(c.label()));
        cells.add(header);
        Dimension last = null;
        for (Row r : rows) {
            if (r.dimension() != last) {
                cells.add(List.of(r.dimension().label().toUpperCase(Locale.ROOT)));
                last = r.dimension();
            }
            List<String> figure = new ArrayList<>(List.of("  " + r.label()));
            List<String> ratio = new ArrayList<>(List.of(""));
            for (Column c : columns) {
                Cell cell = r.cells().get(c);
                figure.add(figureText(c, cell));
                ratio.add(ratioText(cell));
            }
            cells.add(figure);
            if (ratio.stream().anyMatch(s -> !s.isEmpty())) {
                cells.add(ratio);
            }
        }
        StringBuilder b = new StringBuilder(TextTable.render(cells));
        notes().forEach(n -> b.append(wrap(n, 100)));
        return b.toString();
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters, each ending in a newline. */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append("  ");
            }
            if (line.length() > 0 && !line.toString().isBlank()) {
                line.append(' ');
            }
            line.append(word);
        }
        return out.append(line).append('\n').toString();
    }

    /** The table in GitHub-flavoured Markdown: figure and ratio in one cell. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("| dimension | measurement |");
        columns.forEach(c -> b.append(' ').append(c.label()).append(" |"));
        b.append("\n|---|---|");
        columns.forEach(c -> b.append("---:|"));
        b.append('\n');
        for (Row r : rows) {
            b.append("| ").append(r.dimension().label()).append(" | ").append(TextTable.markdownEscape(r.label())).append(" |");
            for (Column c : columns) {
                Cell cell = r.cells().get(c);
                String ratio = ratioText(cell);
                b.append(' ').append(TextTable.markdownEscape(figureText(c, cell) + (ratio.isEmpty() ? "" : " (" + ratio + ")")))
                    .append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
        notes().forEach(n -> b.append("- ").append(n).append('\n'));
        return b.toString();
    }

    /** The table as an HTML fragment. */
    public String toHtml() {
        StringBuilder b = new StringBuilder("<table class=\"answer\">\n<tr><th>dimension</th><th>measurement</th>");
        columns.forEach(c -> b.append("<th>").append(TextTable.html(c.label())).append("</th>"));
        b.append("</tr>\n");
        for (Row r : rows) {
            b.append("<tr><td>").append(TextTable.html(r.dimension().label())).append("</td><td>")
                .append(TextTable.html(r.label())).append("</td>");
            for (Column c : columns) {
                Cell cell = r.cells().get(c);
                String ratio = ratioText(cell);
                b.append("<td class=\"num\"><span class=\"value\">").append(TextTable.html(figureText(c, cell))).append("</span>");
                if (!ratio.isEmpty()) {
                    b.append("<br><small>").append(TextTable.html(ratio)).append("</small>");
                }
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        notes().forEach(n -> b.append("<p class=\"note\">").append(TextTable.html(n)).append("</p>\n"));
        return b.toString();
    }
}
