package io.drydock.conformance.report;

import io.drydock.conformance.Area;
import io.drydock.conformance.Level;
import io.drydock.conformance.Outcome;
import io.drydock.conformance.RuntimeReport;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The certificate a person reads, as Markdown and as HTML: the host and date, and per runtime
 * its version, its verdict, its MUST and SHOULD failures and its skips with their reasons,
 * then every area's tests; several runtimes are compared side by side first.
 */
public final class Certificate {
    /** The Markdown file's name. */
    public static final String MARKDOWN = "certificate.md";
    /** The HTML file's name. */
    public static final String HTML = "certificate.html";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private Certificate() {}

    /** What each runtime's verdict means, said once. */
    static final String VERDICTS = "certified: no MUST test failed and nothing was skipped; partial: no MUST test failed, "
        + "some tests were skipped for a capability the host lacks; not certified: a MUST test failed or a test was skipped "
        + "without a stated reason. SHOULD failures are reported and do not withhold the certificate.";

    // ------------------------------------------------------------------ Markdown

    /** The Markdown certificate. */
    public static String markdown(List<RuntimeReport> reports) {
        StringBuilder m = new StringBuilder("# drydock conformance certificate\n\n");
        RuntimeReport first = reports.get(0);
        m.append("- Date: ").append(DATE.format(first.started().truncatedTo(ChronoUnit.SECONDS))).append('\n');
        m.append("- Host: ").append(first.host().hostname()).append(", kernel ").append(first.host().kernel())
            .append(", cgroup ").append(first.host().cgroupMode()).append(" (the resource tests ran on this mode)\n");
        m.append("- drydock: ").append(first.host().drydockVersion()).append("\n\n");
        m.append(VERDICTS).append("\n\n");
        if (reports.size() > 1) {
            m.append("## Side by side\n\n| Area |");
            reports.forEach(r -> m.append(' ').append(md(r.runtime().name())).append(" |"));
            m.append("\n|---|");
            reports.forEach(r -> m.append("---|"));
            m.append('\n');
            for (Area a : areas(reports)) {
                m.append("| ").append(a.title()).append(" |");
                reports.forEach(r -> m.append(' ').append(md(summary(r, a))).append(" |"));
                m.append('\n');
            }
            m.append("| **Verdict** |");
            reports.forEach(r -> m.append(" **").append(r.verdict().label()).append("** |"));
            m.append("\n\n");
        }
        for (RuntimeReport r : reports) {
            m.append("## ").append(md(r.runtime().name())).append(": ").append(r.verdict().label()).append("\n\n");
            m.append("- Version: ").append(md(r.runtime().version())).append('\n');
            m.append("- Command: `").append(String.join(" ", r.runtime().command())).append("`\n");
            if (!r.runtime().note().isEmpty()) {
                m.append("- Note: ").append(md(r.runtime().note())).append('\n');
            }
            m.append("- Suite time: ").append(r.duration().toSeconds()).append(" s\n");
            m.append("- ").append(md(totals(r))).append("\n\n");
            for (Level level : Level.values()) {
                List<Outcome> failed = r.outcomes().stream()
                    .filter(o -> o.status() == Outcome.Status.FAILED && o.level() == level).toList();
                if (!failed.isEmpty()) {
                    m.append("### ").append(level).append(" failures\n\n");
                    for (Outcome o : failed) {
                        m.append("- **").append(md(o.name())).append("** (").append(o.area().key()).append("; ")
                            .append(md(o.section())).append("): ").append(md(o.message())).append('\n');
                    }
                    m.append('\n');
                }
            }
            List<Outcome> skipped = r.outcomes().stream().filter(o -> o.status() == Outcome.Status.SKIPPED
                || o.status() == Outcome.Status.SKIPPED_UNDECLARED).toList();
            if (!skipped.isEmpty()) {
                m.append("### Skipped\n\n");
                for (Outcome o : skipped) {
                    m.append("- ").append(md(o.name())).append(" (").append(o.area().key()).append(", ").append(o.level())
                        .append("): ").append(o.status().label()).append(", ").append(md(o.message())).append('\n');
                }
                m.append('\n');
            }
            List<Outcome> notApplicable = r.outcomes().stream().filter(o -> o.status() == Outcome.Status.NOT_APPLICABLE
                && !r.in(o.area()).stream().allMatch(x -> x.status() == Outcome.Status.NOT_APPLICABLE)).toList();
            if (!notApplicable.isEmpty()) {
                m.append("### Not applicable\n\n");
                for (Outcome o : notApplicable) {
                    m.append("- ").append(md(o.name())).append(" (").append(o.area().key()).append(", ").append(o.level())
                        .append("): ").append(md(o.message())).append('\n');
                }
                m.append('\n');
            }
            for (Area a : r.areas()) {
                List<Outcome> in = sorted(r.in(a));
                m.append("### ").append(a.title()).append(": ").append(summary(r, a)).append("\n\n");
                if (in.stream().allMatch(o -> o.status() == Outcome.Status.NOT_APPLICABLE) && !in.isEmpty()) {
                    m.append(md(in.get(0).message())).append("\n\n");
                    continue;
                }
                m.append("| Result | Level | Test | Checks |\n|---|---|---|---|\n");
                for (Outcome o : in) {
                    m.append("| ").append(o.status().label()).append(" | ").append(o.level()).append(" | ").append(md(o.name()))
                        .append(" | ").append(md(o.section())).append(" |\n");
                }
                m.append('\n');
            }
        }
        return m.toString();
    }

    /** Markdown text in a table cell or list: no line breaks, pipes escaped. */
    static String md(String s) {
        return s.replace("\r", "").replace("\n", " ").replace("|", "\\|");
    }

    // ------------------------------------------------------------------ HTML

    /** The HTML certificate: one self-contained page. */
    public static String html(List<RuntimeReport> reports) {
        RuntimeReport first = reports.get(0);
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<title>drydock conformance certificate</title>\n<style>\n")
            .append("body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0}")
            .append("td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}")
            .append(".passed{color:#176f2c}.failed{color:#b00020;font-weight:bold}.skipped,.not-applicable{color:#666}")
            .append(".verdict-certified{color:#176f2c}.verdict-partial{color:#8a6d00}.verdict-not-certified{color:#b00020}\n")
            .append("</style>\n</head>\n<body>\n<h1>drydock conformance certificate</h1>\n<ul>\n");
        h.append("<li>Date: ").append(esc(DATE.format(first.started().truncatedTo(ChronoUnit.SECONDS)))).append("</li>\n");
        h.append("<li>Host: ").append(esc(first.host().hostname())).append(", kernel ").append(esc(first.host().kernel()))
            .append(", cgroup ").append(esc(first.host().cgroupMode())).append(" (the resource tests ran on this mode)</li>\n");
        h.append("<li>drydock: ").append(esc(first.host().drydockVersion())).append("</li>\n</ul>\n");
        h.append("<p>").append(esc(VERDICTS)).append("</p>\n");
        if (reports.size() > 1) {
            h.append("<h2>Side by side</h2>\n<table>\n<tr><th>Area</th>");
            reports.forEach(r -> h.append("<th>").append(esc(r.runtime().name())).append("</th>"));
            h.append("</tr>\n");
            for (Area a : areas(reports)) {
                h.append("<tr><td>").append(esc(a.title())).append("</td>");
                reports.forEach(r -> h.append("<td>").append(esc(summary(r, a))).append("</td>"));
                h.append("</tr>\n");
            }
            h.append("<tr><th>Verdict</th>");
            reports.forEach(r -> h.append("<th class=\"verdict-").append(css(r.verdict().label())).append("\">")
                .append(esc(r.verdict().label())).append("</th>"));
            h.append("</tr>\n</table>\n");
        }
        for (RuntimeReport r : reports) {
            h.append("<h2>").append(esc(r.runtime().name())).append(": <span class=\"verdict-").append(css(r.verdict().label()))
                .append("\">").append(esc(r.verdict().label())).append("</span></h2>\n<ul>\n");
            h.append("<li>Version: ").append(esc(r.runtime().version())).append("</li>\n");
            h.append("<li>Command: <code>").append(esc(String.join(" ", r.runtime().command()))).append("</code></li>\n");
            if (!r.runtime().note().isEmpty()) {
                h.append("<li>Note: ").append(esc(r.runtime().note())).append("</li>\n");
            }
            h.append("<li>Suite time: ").append(r.duration().toSeconds()).append(" s</li>\n");
            h.append("<li>").append(esc(totals(r))).append("</li>\n</ul>\n");
            for (Area a : r.areas()) {
                h.append("<h3>").append(esc(a.title())).append(": ").append(esc(summary(r, a))).append("</h3>\n");
                h.append("<table>\n<tr><th>Result</th><th>Level</th><th>Test</th><th>Checks</th><th>Detail</th></tr>\n");
                for (Outcome o : sorted(r.in(a))) {
                    h.append("<tr><td class=\"").append(css(o.status().label())).append("\">").append(esc(o.status().label()))
                        .append("</td><td>").append(o.level()).append("</td><td>").append(esc(o.name())).append("</td><td>")
                        .append(esc(o.section())).append("</td><td>").append(esc(o.message())).append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
        }
        return h.append("</body>\n</html>\n").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String css(String label) {
        return label.replaceAll("[^a-z]+", "-").replaceAll("-$", "");
    }

    // ------------------------------------------------------------------ shared

    private static List<Area> areas(List<RuntimeReport> reports) {
        Set<Area> all = new LinkedHashSet<>();
        for (Area a : Area.values()) {
            if (reports.stream().anyMatch(r -> r.areas().contains(a))) {
                all.add(a);
            }
        }
        return new ArrayList<>(all);
    }

    /** MUST tests first, then SHOULD, each in the order they ran. */
    private static List<Outcome> sorted(List<Outcome> outcomes) {
        return outcomes.stream().sorted(Comparator.comparing(Outcome::level)).toList();
    }

    /** "12 passed, 1 failed (1 MUST), 2 skipped" or "not applicable" for one area. */
    static String summary(RuntimeReport r, Area a) {
        if (!r.areas().contains(a)) {
            return "not run";
        }
        List<Outcome> in = r.in(a);
        if (!in.isEmpty() && in.stream().allMatch(o -> o.status() == Outcome.Status.NOT_APPLICABLE)) {
            return "not applicable";
        }
        long passed = r.count(a, Outcome.Status.PASSED);
        long failed = r.count(a, Outcome.Status.FAILED);
        long must = in.stream().filter(o -> o.status() == Outcome.Status.FAILED && o.level() == Level.MUST).count();
        long skipped = r.count(a, Outcome.Status.SKIPPED) + r.count(a, Outcome.Status.SKIPPED_UNDECLARED);
        StringBuilder s = new StringBuilder().append(passed).append(" passed");
        if (failed > 0) {
            s.append(", ").append(failed).append(" failed (").append(must).append(" MUST, ").append(failed - must).append(" SHOULD)");
        }
        if (skipped > 0) {
            s.append(", ").append(skipped).append(" skipped");
        }
        return s.toString();
    }

    static String totals(RuntimeReport r) {
        return r.count(null, Outcome.Status.PASSED) + " passed, " + r.failures(Level.MUST) + " MUST and "
            + r.failures(Level.SHOULD) + " SHOULD failures, " + r.count(null, Outcome.Status.SKIPPED) + " skipped for the host, "
            + r.count(null, Outcome.Status.SKIPPED_UNDECLARED) + " skipped without a reason, "
            + r.count(null, Outcome.Status.NOT_APPLICABLE) + " not applicable";
    }
}
