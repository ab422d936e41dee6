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
    private final boolean emulatedVm;

    private DimensionHeadline(List<Row> rows, List<Column> columns, boolean emulatedVm) {
        this.rows = rows;
        this.columns = columns;
        this.emulatedVm = emulatedVm;
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
        rows.sort(Comparator.comparing(Row::dimension).thenComparingInt(DimensionHeadline::catalogueOrder)
            .thenComparing(r -> naturalKey(r.label())));
        List<Column> columns = new ArrayList<>();
        for (Column c : Column.values()) {
            if (rows.stream().anyMatch(r -> r.cells().containsKey(c))) {
                columns.add(c);
            }
        }
        boolean tcg = runs.machines().stream().anyMatch(m -> "tcg".equals(m.virtualization()));
        return new DimensionHeadline(List.copyOf(rows), List.copyOf(columns), tcg && columns.contains(Column.VM));
    }

    /** A label with its numbers zero-padded, so "instances 10" sorts after "instances 2". */
    static String naturalKey(String label) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(label);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, "0".repeat(Math.max(0, 12 - m.group().length())) + m.group());
        }
        return m.appendTail(b).toString();
    }

    private static int catalogueOrder(Row r) {
        return r.cells().values().stream().mapToInt(c -> MeasurementNames.order(c.figure().benchmark(), c.figure().metric()))
            .min().orElse(Integer.MAX_VALUE);
    }

    private static String rowLabel(MeasurementNames.Name n, Figure f) {
        String limits = MeasurementNames.limitsText(f.limits());
        return limits.isEmpty() ? n.label() : n.label() + " (" + limits + ")";
    }

    private static boolean better(Figure a, Figure b) {
        return MeasurementNames.better(a) == Better.HIGHER ? a.mean() > b.mean() : a.mean() < b.mean();
    }

    /** True when the run's VM figures come from QEMU emulating the CPU (TCG), not from KVM. */
    public boolean emulatedVm() {
        return emulatedVm;
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
        String v = MeasurementNames.format(cell.figure(), cell.figure().mean());
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
        if (emulatedVm) {
            notes.add("The VM ran under TCG: QEMU emulated the CPU (no KVM on this host), so the VM's CPU, memory and"
                + " disk figures measure emulation, not virtualization.");
        }
        if (rows.stream().anyMatch(r -> r.dimension() == Dimension.STARTUP)) {
            notes.add("Start to ready: a container is created, started, waited for (/bin/true) and deleted;"
                + " a VM boots to its init's ready mark.");
        }
        notes.add("Under each figure: its ratio to the host's figure in the same row (1.00× = native; above 1 is"
            + " slower or bigger for times and sizes, below 1 is slower for rates), ± half its 95% interval.");
        return notes;
    }

    /** The widest a terminal table of the report may be. */
    public static final int TERMINAL_WIDTH = 100;

    /**
     * The table for a terminal, at most {@link #TERMINAL_WIDTH} columns: a heading line per
     * dimension, then per measurement its figures on one line and their ratios to the host on the
     * next; a label too long for what the figures leave is wrapped onto the row's further lines.
     */
    public String toText() {
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            width[i] = c.label().length();
            for (Row r : rows) {
                width[i] = Math.max(width[i], Math.max(figureText(c, r.cells().get(c)).length(), ratioText(r.cells().get(c)).length()));
            }
        }
        int figures = 0;
        for (int w : width) {
            figures += 2 + w;
        }
        int labelWidth = Math.max(20, Math.min(TERMINAL_WIDTH - figures,
            rows.stream().mapToInt(r -> r.label().length() + 2).max().orElse(20)));
        List<String> lines = new ArrayList<>();
        lines.add(line(pad("measurement", labelWidth), columns.stream().map(Column::label).toList(), width));
        lines.add("-".repeat(Math.min(TERMINAL_WIDTH, labelWidth + figures)));
        Dimension last = null;
        for (Row r : rows) {
            if (r.dimension() != last) {
                lines.add(r.dimension().label().toUpperCase(Locale.ROOT));
                last = r.dimension();
            }
            List<String> label = List.of(wrap("  " + r.label(), labelWidth).split("\n"));
            List<String> figure = new ArrayList<>();
            List<String> ratio = new ArrayList<>();
            for (Column c : columns) {
                Cell cell = r.cells().get(c);
                figure.add(figureText(c, cell));
                ratio.add(ratioText(cell));
            }
            boolean ratios = ratio.stream().anyMatch(t -> !t.isEmpty());
            int n = Math.max(label.size(), ratios ? 2 : 1);
            for (int i = 0; i < n; i++) {
                String l = pad(i < label.size() ? label.get(i) : "", labelWidth);
                List<String> cells = i == 0 ? figure : i == 1 && ratios ? ratio : List.of();
                lines.add(line(l, cells, width));
            }
        }
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l).append('\n'));
        notes().forEach(n -> b.append(wrap(n, TERMINAL_WIDTH)));
        return b.toString();
    }

    private static String line(String label, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder(label);
        for (int i = 0; i < cells.size(); i++) {
            b.append("  ").append(pad(cells.get(i), width[i]));
        }
        return b.toString().stripTrailing();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    /**
     * {@code text} broken at spaces into lines of at most {@code width} characters (a single word
     * longer than that stays whole), each ending in a newline; continuation lines keep the first
     * line's indent plus two spaces.
     */
    static String wrap(String text, int width) {
        int indent = 0;
        while (indent < text.length() && text.charAt(indent) == ' ') {
            indent++;
        }
        String more = " ".repeat(indent + 2);
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(text.substring(0, indent));
        boolean empty = true;
        for (String word : text.substring(indent).split(" ")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append(more);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
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
