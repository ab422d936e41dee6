package io.drydock.results.report;

import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
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
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Draws a run set's charts with XChart, each as PNG and SVG: per measurement, bars across
 * platforms with 95% confidence-interval error bars; per start-up measurement, the distribution
 * of every start-up (box plot); per footprint, stacked bars of private and shared bytes.
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
        int n = 0;
        for (Map.Entry<String, Map<String, Figure>> g : runs.byGroup().entrySet()) {
            Map<String, Figure> byPlatform = ordered(g.getValue());
            FigureKind kind = byPlatform.values().iterator().next().kind();
            if (kind.isFootprint()) {
                continue; // drawn below, shared and private stacked
            }
            out.add(save(barsWithIntervals(g.getKey(), byPlatform), dir, ++n, "bars", g.getKey(),
                    "Mean per platform; error bars: 95% bootstrap interval of the mean over forks."));
            if (kind == FigureKind.STARTUP_TIME) {
                out.add(save(startupDistribution(g.getKey(), byPlatform), dir, ++n, "startup", g.getKey(),
                        "Every measured start-up (all iterations of all forks) per platform."));
            }
        }
        for (Map.Entry<String, Map<String, double[]>> f : footprints(runs).entrySet()) {
            out.add(save(footprintBars(f.getKey(), f.getValue()), dir, ++n, "footprint", f.getKey(),
                    "Per-instance private bytes and bytes shared by all instances of a platform, stacked."));
        }
        return out;
    }

    /** Bars of the mean across platforms with 95% interval error bars. */
    public static CategoryChart barsWithIntervals(String title, Map<String, Figure> byPlatform) {
        String unit = byPlatform.values().iterator().next().unit();
        boolean bytes = "bytes".equals(unit);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("platform").yAxisTitle(bytes ? "MiB" : unit).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        List<String> xs = new ArrayList<>(byPlatform.keySet());
        List<Double> ys = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (Figure f : byPlatform.values()) {
            Interval ci = RunSet.meanInterval(f);
            double scale = bytes ? MIB : 1;
            ys.add(f.mean() / scale);
            errors.add(ci == null ? 0 : ci.halfWidth() / scale);
        }
        // Bars stay on a linear axis (XChart's bars grow from zero, which a log axis cannot show);
        // the distribution chart beside them takes the log axis when the range is wide.
        chart.addSeries("mean", xs, ys, errors);
        return chart;
    }

    /** A box plot per platform of every start-up time measured. */
    public static BoxChart startupDistribution(String title, Map<String, Figure> byPlatform) {
        String unit = byPlatform.values().iterator().next().unit();
        BoxChart chart = new BoxChartBuilder().width(WIDTH).height(HEIGHT).title(title + ": distribution")
                .xAxisTitle("platform").yAxisTitle(unit).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        for (Map.Entry<String, Figure> e : byPlatform.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (double v : e.getValue().allValues()) {
                values.add(v);
            }
            chart.addSeries(e.getKey(), values);
        }
        logScaleIfWide(chart, byPlatform.values().stream().flatMapToDouble(f -> java.util.Arrays.stream(f.allValues()))
                .toArray());
        return chart;
    }

    /**
     * Stacked bars: per platform, private bytes under shared bytes.
     *
     * @param perPlatform platform to {private bytes, shared bytes}
     */
    public static CategoryChart footprintBars(String title, Map<String, double[]> perPlatform) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("platform").yAxisTitle("MiB").build();
        style(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> xs = new ArrayList<>(perPlatform.keySet());
        chart.addSeries("private (per instance)", xs,
                perPlatform.values().stream().map(v -> v[0] / MIB).toList());
        chart.addSeries("shared (once per host)", xs,
                perPlatform.values().stream().map(v -> v[1] / MIB).toList());
        return chart;
    }

    /** Footprint figures paired up: "memory: Bench.method (workload)" → platform → {private, shared}. */
    static Map<String, Map<String, double[]>> footprints(RunSet runs) {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        for (Figure f : runs.figures()) {
            if (!f.kind().isFootprint()) {
                continue;
            }
            boolean memory = f.kind() == FigureKind.MEMORY_PRIVATE || f.kind() == FigureKind.MEMORY_SHARED;
            boolean isPrivate = f.kind() == FigureKind.MEMORY_PRIVATE || f.kind() == FigureKind.DISK_PRIVATE;
            String limits = f.limits().isEmpty() ? "" : ", " + f.limits().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            String title = (memory ? "memory footprint: " : "disk footprint: ") + f.key().shortBenchmark()
                    + " (" + f.workload() + limits + ")";
            double[] pair = out.computeIfAbsent(title, t -> new LinkedHashMap<>())
                    .computeIfAbsent(f.platform(), p -> new double[2]);
            pair[isPrivate ? 0 : 1] = f.mean();
        }
        for (Map.Entry<String, Map<String, double[]>> e : out.entrySet()) {
            Map<String, double[]> sorted = new LinkedHashMap<>();
            RunSet.orderPlatforms(e.getValue().keySet()).forEach(p -> sorted.put(p, e.getValue().get(p)));
            e.setValue(sorted);
        }
        return out;
    }

    /**
     * Host, containers and VMs differ by orders of magnitude (milliseconds against seconds): on a
     * linear axis the small bars vanish, so a wide range gets a logarithmic axis, said in its title.
     */
    private static void logScaleIfWide(Chart<? extends org.knowm.xchart.style.AxesChartStyler, ?> chart, double[] values) {
        double min = java.util.Arrays.stream(values).min().orElse(0);
        double max = java.util.Arrays.stream(values).max().orElse(0);
        if (min > 0 && max / min >= 50) {
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
