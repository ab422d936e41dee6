package io.drydock.results.report;

import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The drift of each headline figure over a {@link RunHistory}: per measurement of the newest run's
 * headline and per column, the change from the oldest run that has the same figure to the newest,
 * and how many runs it spans. The line charts show the path; this shows the distance, in a table a
 * terminal fits.
 */
public final class TrendTable {
    /** A cell: the change from the first run with the figure to the newest, over {@code runs} runs. */
    public record Change(double first, double newest, int runs) {
        /** "+10.2%", or "+10.2% (3 runs)" when the figure is in fewer than {@code total} runs. */
        public String text(int total) {
            String s = String.format(Locale.ROOT, "%+.1f%%", 100 * (newest / first - 1));
            return runs < total ? s + " (" + runs + " runs)" : s;
        }
    }

    /** A row: a headline measurement and its changes by column (null where the column has none). */
    public record Row(Dimension dimension, String label, List<Change> changes) {
    }

    private final List<DimensionHeadline.Column> columns;
    private final List<Row> rows;
    private final RunHistory history;

    private TrendTable(RunHistory history, List<DimensionHeadline.Column> columns, List<Row> rows) {
        this.history = history;
        this.columns = columns;
        this.rows = rows;
    }

    /** The drift over {@code history}. */
    public static TrendTable of(RunHistory history) {
        DimensionHeadline latest = DimensionHeadline.of(history.latest());
        List<Row> rows = new ArrayList<>();
        for (DimensionHeadline.Row r : latest.rows()) {
            List<Change> changes = new ArrayList<>();
            for (DimensionHeadline.Column c : latest.columns()) {
                DimensionHeadline.Cell cell = r.cells().get(c);
                changes.add(cell == null ? null : change(history, cell.figure().key()).orElse(null));
            }
            rows.add(new Row(r.dimension(), r.label(), changes));
        }
        return new TrendTable(history, latest.columns(), List.copyOf(rows));
    }

    private static Optional<Change> change(RunHistory history, FigureKey key) {
        List<Double> means = new ArrayList<>();
        for (RunHistory.DatedRun run : history.runs()) {
            run.runs().figures().stream().filter(f -> f.key().equals(key)).findFirst().map(Figure::mean).ifPresent(means::add);
        }
        if (means.size() < 2 || !(means.get(0) > 0)) {
            return Optional.empty();
        }
        return Optional.of(new Change(means.get(0), means.get(means.size() - 1), means.size()));
    }

    /** The rows, in the headline's order. */
    public List<Row> rows() {
        return rows;
    }

    private String heading() {
        List<RunHistory.DatedRun> all = history.runs();
        return "OVER TIME: " + all.size() + " runs of this host, " + all.get(0).at() + " to " + all.get(all.size() - 1).at()
            + "; change of each figure from its first run to the newest";
    }

    /** For a terminal, at most 100 columns. */
    public String toText() {
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("measurement"));
        columns.forEach(c -> header.add(c.label()));
        cells.add(header);
        for (Row r : rows) {
            List<String> line = new ArrayList<>(List.of(r.label()));
            r.changes().forEach(c -> line.add(c == null ? "—" : c.text(history.runs().size())));
            cells.add(line);
        }
        StringBuilder b = new StringBuilder(DimensionHeadline.wrap(heading(), DimensionHeadline.TERMINAL_WIDTH));
        return b.append(TextTable.render(cells)).toString();
    }

    /** A Markdown table. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder(heading()).append(".\n\n| measurement |");
        columns.forEach(c -> b.append(' ').append(c.label()).append(" |"));
        b.append("\n|---|");
        columns.forEach(c -> b.append("---:|"));
        b.append('\n');
        for (Row r : rows) {
            b.append("| ").append(TextTable.markdownEscape(r.label())).append(" |");
            r.changes().forEach(c -> b.append(' ').append(c == null ? "—" : c.text(history.runs().size())).append(" |"));
            b.append('\n');
        }
        return b.toString();
    }
}
