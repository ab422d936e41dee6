package io.drydock.results.report;

import io.drydock.results.schema.FigureKey;
import io.drydock.results.stats.Comparison;
import io.drydock.results.stats.FigureComparison;
import io.drydock.results.stats.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link Comparison} as a terminal table, Markdown for a CI job summary, or JUnit XML. */
public final class ComparisonRenderer {
    private ComparisonRenderer() {
    }

    /** An aligned table, regressions first, then the summary line and any warnings. */
    public static String text(Comparison c) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("verdict", "figure", "base", "new", "change", "95% CI of ratio", "q"));
        for (FigureComparison f : ordered(c)) {
            rows.add(List.of(f.verdict().label().toUpperCase(Locale.ROOT), MeasurementNames.describe(f.key()),
                    value(f, f.baseMean()), value(f, f.newMean()),
                    f.changePercent(), interval(f), q(f)));
        }
        StringBuilder b = new StringBuilder(TextTable.render(rows));
        b.append('\n');
        for (FigureComparison f : ordered(c)) {
            if (f.verdict() != Verdict.NO_CHANGE) {
                b.append(f.verdict().label()).append(": ").append(MeasurementNames.describe(f.key())).append(": ")
                        .append(f.reason()).append('\n');
            }
        }
        appendOneSided(c, b, "");
        c.hosts().notes().forEach(n -> b.append(n).append('\n'));
        b.append(c.summary()).append(settingsLine(c)).append('\n');
        return b.toString();
    }

    /** Markdown: a heading with the outcome, the table, and notes; fit for a CI job summary. */
    public static String markdown(Comparison c, String baseName, String newName) {
        StringBuilder b = new StringBuilder();
        String outcome = switch (c.exitCode()) {
            case Comparison.EXIT_REGRESSION -> "❌ regression";
            case Comparison.EXIT_INCONCLUSIVE -> "⚠️ inconclusive, rerun advised";
            default -> "✅ no regression";
        };
        b.append("## drydock compare: ").append(outcome).append("\n\n");
        b.append("`").append(TextTable.markdownEscape(baseName)).append("` → `")
                .append(TextTable.markdownEscape(newName)).append("`: ").append(c.summary()).append(".\n\n");
        b.append("| verdict | figure | base | new | change | 95% CI of ratio | q | why |\n");
        b.append("|---|---|---:|---:|---:|---|---:|---|\n");
        for (FigureComparison f : ordered(c)) {
            String v = f.verdict() == Verdict.REGRESSION ? "**regression**" : f.verdict().label();
            b.append("| ").append(v).append(" | ").append(TextTable.markdownEscape(MeasurementNames.describe(f.key())))
                    .append(" | ").append(value(f, f.baseMean())).append(" | ")
                    .append(value(f, f.newMean())).append(" | ")
                    .append(f.changePercent()).append(" | ").append(interval(f)).append(" | ").append(q(f))
                    .append(" | ").append(TextTable.markdownEscape(f.reason())).append(" |\n");
        }
        StringBuilder notes = new StringBuilder();
        appendOneSided(c, notes, "- ");
        c.hosts().notes().forEach(n -> notes.append("- ").append(TextTable.markdownEscape(n)).append('\n'));
        if (!notes.isEmpty()) {
            b.append('\n').append(notes);
        }
        b.append("\n<sub>").append(settingsLine(c).strip()).append("</sub>\n");
        return b.toString();
    }

    /**
     * JUnit XML: one test case per figure, named in words ({@link MeasurementNames#describe}) and
     * grouped by its headline dimension; a regression is a failure, an inconclusive figure or a
     * figure on one side only is skipped with the reason, the rest pass. The suite's properties say
     * what is known of the hosts ({@code hosts}: same, different, unknown, unknown in base, unknown
     * in new) with a {@code host note} per line a reader must see, which the suite's system-out
     * repeats for CI pages that show only that.
     */
    public static String junitXml(Comparison c) {
        List<FigureComparison> figs = c.figures();
        long failures = c.count(Verdict.REGRESSION);
        long skipped = c.count(Verdict.INCONCLUSIVE) + c.onlyInBase().size() + c.onlyInNew().size();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"drydock compare\" tests=\"")
                .append(figs.size() + c.onlyInBase().size() + c.onlyInNew().size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\">\n");
        b.append("  <properties>\n    <property name=\"hosts\" value=\"")
                .append(c.hosts().match().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append("\"/>\n");
        for (String note : c.hosts().notes()) {
            b.append("    <property name=\"host note\" value=\"").append(xml(note)).append("\"/>\n");
        }
        b.append("  </properties>\n");
        for (FigureComparison f : figs) {
            b.append("  <testcase classname=\"").append(xml(group(f.key()))).append("\" name=\"")
                    .append(xml(MeasurementNames.describe(f.key()))).append("\"");
            String detail = f.verdict().label() + ": " + f.changePercent() + ", ratio CI " + interval(f)
                    + ", q " + q(f) + "; " + f.reason();
            switch (f.verdict()) {
                case REGRESSION -> b.append(">\n    <failure type=\"regression\" message=\"").append(xml(detail))
                        .append("\">").append(xml(detail)).append("</failure>\n  </testcase>\n");
                case INCONCLUSIVE -> b.append(">\n    <skipped message=\"").append(xml(detail))
                        .append("\"/>\n  </testcase>\n");
                default -> b.append(">\n    <system-out>").append(xml(detail))
                        .append("</system-out>\n  </testcase>\n");
            }
        }
        for (FigureKey k : c.onlyInBase()) {
            b.append("  <testcase classname=\"").append(xml(group(k))).append("\" name=\"")
                    .append(xml(MeasurementNames.describe(k))).append("\">\n    <skipped message=\"missing in NEW\"/>\n  </testcase>\n");
        }
        for (FigureKey k : c.onlyInNew()) {
            b.append("  <testcase classname=\"").append(xml(group(k))).append("\" name=\"")
                    .append(xml(MeasurementNames.describe(k))).append("\">\n    <skipped message=\"missing in BASE\"/>\n  </testcase>\n");
        }
        if (!c.hosts().notes().isEmpty()) {
            b.append("  <system-out>").append(xml(String.join("\n", c.hosts().notes()))).append("</system-out>\n");
        }
        return b.append("</testsuite>\n").toString();
    }

    private static void appendOneSided(Comparison c, StringBuilder b, String prefix) {
        c.onlyInBase().forEach(k -> b.append(prefix).append("missing in NEW: ").append(MeasurementNames.describe(k)).append('\n'));
        c.onlyInNew().forEach(k -> b.append(prefix).append("missing in BASE: ").append(MeasurementNames.describe(k)).append('\n'));
    }

    /** A test case's class: "drydock." and the figure's headline dimension, or "drydock.detail". */
    private static String group(FigureKey k) {
        Dimension d = MeasurementNames.of(k.benchmark(), k.metric()).dimension();
        return "drydock." + (d == null ? "detail" : d.label());
    }

    /** A mean in the figure's display unit. */
    private static String value(FigureComparison f, double v) {
        return MeasurementNames.formatIn(MeasurementNames.displayUnit(f.key().benchmark(), f.key().metric(), f.unit()), v);
    }

    private static String settingsLine(Comparison c) {
        return String.format(Locale.ROOT, " (threshold ±%.1f%%, FDR %.2g, %.0f%% bootstrap CI with %d resamples,"
                        + " seed %d, at least %d forks a side)", c.settings().threshold() * 100, c.settings().fdr(),
                c.settings().confidence() * 100, c.settings().resamples(), c.settings().seed(),
                c.settings().minForks());
    }

    private static List<FigureComparison> ordered(Comparison c) {
        List<Verdict> rank = List.of(Verdict.REGRESSION, Verdict.INCONCLUSIVE, Verdict.IMPROVEMENT, Verdict.NO_CHANGE);
        return c.figures().stream().sorted(java.util.Comparator.comparing(f -> rank.indexOf(f.verdict()))).toList();
    }

    private static String interval(FigureComparison f) {
        return f.interval() == null ? "n/a"
                : String.format(Locale.ROOT, "[%.3f, %.3f]", f.interval().low(), f.interval().high());
    }

    private static String q(FigureComparison f) {
        return Double.isNaN(f.q()) ? "n/a" : String.format(Locale.ROOT, "%.2g", f.q());
    }

    private static String xml(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    // Control characters other than tab and newlines are not allowed in XML 1.0.
                    if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }
}
