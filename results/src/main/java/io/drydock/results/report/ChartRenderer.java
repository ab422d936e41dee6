package io.drydock.results.report;

import io.drydock.results.schema.Figure;
import io.drydock.results.stats.Interval;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Draws a run set's charts with XChart, each as PNG and SVG, one per headline dimension (not one
 * per JMH metric): where every measurement of the dimension has a host figure, bars of each
 * column's cost relative to the host (1 = native, higher is worse, so rates and times read the
 * same way) with 95% interval error bars; where it has none (per-instance footprints), bars of
 * the figures themselves, one chart per unit. Start-up gets its figures on a log axis (a VM boot
 * is a thousand container starts) and the distribution of every start-up and boot, also on a log
 * axis.
 */
public final class ChartRenderer {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final double MIB = 1024.0 * 1024.0;

    /** One chart on disk. */
    public record RenderedChart(String title, String caption, Path png, Path svg) {
        /** The PNG's bytes, for embedding. */
        public byte[] pngBytes() throws IOException {
            return Files.readAllBytes(png);
        }
    }

    /** Draws every chart of {@code runs} into {@code dir} (created if needed). */
    public List<RenderedChart> render(RunSet runs, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<RenderedChart> out = new ArrayList<>();
        DimensionHeadline headline = DimensionHeadline.of(runs);
        Map<Dimension, List<DimensionHeadline.Row>> byDimension = new java.util.EnumMap<>(Dimension.class);
        headline.rows().forEach(r -> byDimension.computeIfAbsent(r.dimension(), d -> new ArrayList<>()).add(r));
        int n = 0;
        for (Map.Entry<Dimension, List<DimensionHeadline.Row>> e : byDimension.entrySet()) {
            Dimension d = e.getKey();
            List<DimensionHeadline.Row> rows = e.getValue();
            if (d == Dimension.STARTUP) {
                out.add(save(startupFigures(rows), dir, ++n, "dimension", d.label(),
                    "Mean start to ready per kind of platform, log axis; error bars: 95% bootstrap interval of the mean."));
                Map<String, Figure> all = new LinkedHashMap<>();
                for (Figure f : runs.figures()) {
                    if (MeasurementNames.of(f).dimension() == Dimension.STARTUP && Claims.millisPer(f.unit()) > 0) {
                        String limits = MeasurementNames.limitsText(f.limits());
                        String name = f.platform() + (limits.isEmpty() ? "" : " " + limits);
                        all.put(all.containsKey(name) ? name + " " + f.workload() : name, f);
                    }
                }
                if (!all.isEmpty()) {
                    out.add(save(startupDistribution("start-up and boot", ordered(all)), dir, ++n, "distribution", d.label(),
                        "Every measured start-up and boot (all iterations of all forks) per platform, log axis."));
                }
            } else if (rows.stream().allMatch(r -> r.cells().containsKey(DimensionHeadline.Column.HOST))) {
                out.add(save(costToHost(d.label(), rows), dir, ++n, "dimension", d.label(),
                    "Each platform's cost relative to the host in the same measurement (1 = native; higher is slower"
                        + " or bigger, for rates too); error bars: half the 95% bootstrap interval of the ratio."));
            } else {
                Map<String, List<DimensionHeadline.Row>> byUnit = new LinkedHashMap<>();
                for (DimensionHeadline.Row r : rows) {
                    Figure any = r.cells().values().iterator().next().figure();
                    byUnit.computeIfAbsent(chartUnit(MeasurementNames.displayUnit(any)), u -> new ArrayList<>()).add(r);
                }
                for (Map.Entry<String, List<DimensionHeadline.Row>> u : byUnit.entrySet()) {
                    String title = d.label() + (byUnit.size() > 1 ? " (" + u.getKey() + ")" : "");
                    out.add(save(absolute(title, u.getKey(), u.getValue()), dir, ++n, "dimension", title,
                        "Mean per kind of platform; error bars: 95% bootstrap interval of the mean."));
                }
            }
        }
        return out;
    }

    /**
     * One line chart per headline measurement of the newest run, over every run of the history:
     * each column's figure (the same platform, workload and limits in every run) as its change
     * from its first run in percent, with its 95% interval: a VM's seconds and a container's
     * milliseconds share one axis, and a drift of a few percent shows.
     *
     * @param first the number the first chart's file name starts from (after the run's own charts)
     */
    public List<RenderedChart> renderTrend(RunHistory history, Path dir, int first) throws IOException {
        Files.createDirectories(dir);
        List<RenderedChart> out = new ArrayList<>();
        int n = first - 1;
        for (DimensionHeadline.Row r : DimensionHeadline.of(history.latest()).rows()) {
            String title = r.dimension().label() + ": " + r.label();
            org.knowm.xchart.XYChart chart = new org.knowm.xchart.XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                    .xAxisTitle("run").yAxisTitle("% change from the first run").build();
            style(chart.getStyler());
            chart.getStyler().setDatePattern("yyyy-MM-dd HH:mm");
            chart.getStyler().setErrorBarsColor(Color.BLACK);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            for (Map.Entry<DimensionHeadline.Column, DimensionHeadline.Cell> c : r.cells().entrySet()) {
                // The same figure (platform, workload, limits) in each run.
                io.drydock.results.schema.FigureKey key = c.getValue().figure().key();
                List<java.util.Date> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                List<Double> errors = new ArrayList<>();
                double base = Double.NaN;
                for (RunHistory.DatedRun run : history.runs()) {
                    for (Figure f : run.runs().figures()) {
                        if (key.equals(f.key()) && f.mean() != 0) {
                            base = Double.isNaN(base) ? f.mean() : base;
                            Interval ci = RunSet.meanInterval(f);
                            xs.add(java.util.Date.from(run.at()));
                            ys.add(100 * (f.mean() / base - 1));
                            errors.add(ci == null ? 0 : 100 * ci.halfWidth() / Math.abs(base));
                        }
                    }
                }
                String name = c.getKey().label() + (c.getKey() == DimensionHeadline.Column.PEERS
                        ? " (" + c.getValue().figure().platform() + ")" : "");
                if (!xs.isEmpty()) {
                    chart.addSeries(name, xs, ys, errors);
                }
            }
            out.add(save(chart, dir, ++n, "trend", title, "Each figure of each run of this host, oldest to newest, as its"
                    + " change from its first run; error bars: 95% bootstrap interval of the mean."));
        }
        return out;
    }

    /** Sizes are drawn in MiB; every other unit as it is shown. */
    private static String chartUnit(String displayUnit) {
        return "KiB".equals(displayUnit) || "bytes".equals(displayUnit) ? "MiB" : displayUnit;
    }

    private static double inChartUnit(Figure f, double v) {
        String u = MeasurementNames.displayUnit(f);
        return "KiB".equals(u) ? v / 1024 : "bytes".equals(u) ? v / MIB : v;
    }

    private static CategoryChart categoryChart(String title, String yTitle, int categories) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        if (categories > 3) {
            chart.getStyler().setXAxisLabelRotation(20);
        }
        return chart;
    }

    /** Bars of each column's cost relative to the host, per measurement of a dimension. */
    static CategoryChart costToHost(String title, List<DimensionHeadline.Row> rows) {
        CategoryChart chart = categoryChart(title, "× host (1 = native, higher is worse)", rows.size());
        for (DimensionHeadline.Column c : columnsOf(rows)) {
            List<String> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (DimensionHeadline.Row r : rows) {
                DimensionHeadline.Cell cell = r.cells().get(c);
                Figure host = r.cells().get(DimensionHeadline.Column.HOST).figure();
                if (cell == null) {
                    continue;
                }
                if (c == DimensionHeadline.Column.HOST) {
                    Interval ci = RunSet.meanInterval(host);
                    xs.add(r.label());
                    ys.add(1.0);
                    errors.add(ci == null ? 0 : ci.halfWidth() / host.mean());
                    continue;
                }
                var check = ClaimCheck.check(new ClaimCheck.Pair(cell.figure(), host, 0, "host"),
                    new ClaimCheck.Bound(ClaimCheck.BoundKind.AT_MOST, 1.05));
                if (check.isPresent()) {
                    xs.add(r.label());
                    ys.add(check.get().cost());
                    errors.add(check.get().costLow() == null ? 0 : (check.get().costHigh() - check.get().costLow()) / 2);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(c.label(), xs, ys, errors);
            }
        }
        return chart;
    }

    /** Bars of the figures themselves (in MiB for sizes), per measurement of a dimension. */
    static CategoryChart absolute(String title, String unit, List<DimensionHeadline.Row> rows) {
        CategoryChart chart = categoryChart(title, unit, rows.size());
        for (DimensionHeadline.Column c : columnsOf(rows)) {
            List<String> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (DimensionHeadline.Row r : rows) {
                DimensionHeadline.Cell cell = r.cells().get(c);
                if (cell != null) {
                    Figure f = cell.figure();
                    Interval ci = RunSet.meanInterval(f);
                    xs.add(r.label());
                    ys.add(inChartUnit(f, f.mean()));
                    errors.add(ci == null ? 0 : inChartUnit(f, ci.halfWidth()));
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(c.label(), xs, ys, errors);
            }
        }
        return chart;
    }

    /**
     * Start to ready per column, as points on a log axis: XChart's bars grow from zero, which a log
     * axis cannot show, and a linear axis would flatten every container next to a VM's boot.
     */
    static CategoryChart startupFigures(List<DimensionHeadline.Row> rows) {
        CategoryChart chart = categoryChart(Dimension.STARTUP.label(), "ms (log scale)", rows.size());
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(10);
        for (DimensionHeadline.Column c : columnsOf(rows)) {
            List<String> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (DimensionHeadline.Row r : rows) {
                DimensionHeadline.Cell cell = r.cells().get(c);
                double perMs = cell == null ? 0 : Claims.millisPer(cell.figure().unit());
                if (cell != null && perMs > 0 && cell.figure().mean() > 0) {
                    xs.add(r.label());
                    ys.add(cell.figure().mean() * perMs);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(c.label(), xs, ys);
            }
        }
        return chart;
    }

    private static List<DimensionHeadline.Column> columnsOf(List<DimensionHeadline.Row> rows) {
        List<DimensionHeadline.Column> cols = new ArrayList<>();
        for (DimensionHeadline.Column c : DimensionHeadline.Column.values()) {
            if (rows.stream().anyMatch(r -> r.cells().containsKey(c))) {
                cols.add(c);
            }
        }
        return cols;
    }

    /** A box plot per platform of every start-up time measured, in milliseconds. */
    public static BoxChart startupDistribution(String title, Map<String, Figure> byPlatform) {
        BoxChart chart = new BoxChartBuilder().width(WIDTH).height(HEIGHT).title(title + ": distribution")
                .xAxisTitle("platform").yAxisTitle("ms").build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        List<Double> all = new ArrayList<>();
        for (Map.Entry<String, Figure> e : byPlatform.entrySet()) {
            double perMs = Claims.millisPer(e.getValue().unit());
            if (perMs <= 0) {
                continue;
            }
            List<Double> values = new ArrayList<>();
            for (double v : e.getValue().allValues()) {
                values.add(v * perMs);
            }
            all.addAll(values);
            chart.addSeries(e.getKey(), values);
        }
        logScale(chart, all.stream().mapToDouble(Double::doubleValue).toArray());
        return chart;
    }

    /**
     * Host, containers and VMs differ by orders of magnitude (milliseconds against seconds): on a
     * linear axis the small ones vanish, so start-up distributions get a logarithmic axis, said in
     * its title (where every value is positive, as a log axis needs).
     */
    private static void logScale(Chart<? extends org.knowm.xchart.style.AxesChartStyler, ?> chart, double[] values) {
        double min = java.util.Arrays.stream(values).min().orElse(0);
        if (min > 0) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.setYAxisTitle(chart.getYAxisTitle() + " (log scale)");
        }
    }

    private static Map<String, Figure> ordered(Map<String, Figure> byPlatform) {
        Map<String, Figure> m = new LinkedHashMap<>();
        RunSet.orderPlatforms(byPlatform.keySet()).forEach(p -> m.put(p, byPlatform.get(p)));
        return m;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setAntiAlias(true);
        s.setChartTitleBoxVisible(false);
    }

    private static RenderedChart save(Chart<?, ?> chart, Path dir, int n, String type, String title, String caption)
            throws IOException {
        String slug = String.format(Locale.ROOT, "%02d-%s-%s", n, type,
                title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", ""));
        if (slug.length() > 80) {
            slug = slug.substring(0, 80).replaceAll("-$", "");
        }
        Path png = dir.resolve(slug + ".png");
        Path svg = dir.resolve(slug + ".svg");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return new RenderedChart(chart.getTitle(), caption, png, svg);
    }
}
