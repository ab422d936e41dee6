package io.drydock.conformance.report;

import io.drydock.conformance.Area;
import io.drydock.conformance.Outcome;
import io.drydock.conformance.RuntimeReport;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * A runtime's certification as JUnit XML (the Ant/Surefire format CI servers read): one
 * testsuite per area, one testcase per test; a failure carries the spec section and what was
 * expected and seen, a skip its reason. Not-applicable tests are skipped with that reason.
 */
public final class JunitXml {
    private JunitXml() {}

    /** The file name for a runtime's report. */
    public static String fileName(RuntimeReport r) {
        return "TEST-certify-" + Names.fileSafe(r.runtime().name()) + ".xml";
    }

    /** The XML document. */
    public static String render(RuntimeReport r) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        List<Outcome> all = r.outcomes();
        x.append("<testsuites name=\"").append(attr("drydock certify " + r.runtime().name())).append("\" tests=\"")
            .append(all.size()).append("\" failures=\"").append(count(all, Outcome.Status.FAILED)).append("\" skipped=\"")
            .append(all.size() - count(all, Outcome.Status.PASSED) - count(all, Outcome.Status.FAILED))
            .append("\" time=\"").append(seconds(r.duration().toMillis())).append("\">\n");
        String stamp = DateTimeFormatter.ISO_INSTANT.format(r.started().truncatedTo(ChronoUnit.SECONDS));
        for (Area area : r.areas()) {
            List<Outcome> in = r.in(area);
            String suite = "certify." + Names.fileSafe(r.runtime().name()) + "." + area.key();
            x.append("  <testsuite name=\"").append(attr(suite)).append("\" tests=\"").append(in.size())
                .append("\" failures=\"").append(count(in, Outcome.Status.FAILED)).append("\" errors=\"0\" skipped=\"")
                .append(in.size() - count(in, Outcome.Status.PASSED) - count(in, Outcome.Status.FAILED))
                .append("\" time=\"").append(seconds(in.stream().mapToLong(o -> o.duration().toMillis()).sum()))
                .append("\" timestamp=\"").append(stamp).append("\" hostname=\"").append(attr(r.host().hostname())).append("\">\n");
            x.append("    <properties>\n");
            property(x, "runtime", r.runtime().name());
            property(x, "runtime.version", r.runtime().version());
            property(x, "kernel", r.host().kernel());
            property(x, "cgroup.mode", r.host().cgroupMode());
            property(x, "drydock.version", r.host().drydockVersion());
            property(x, "verdict", r.verdict().label());
            x.append("    </properties>\n");
            for (Outcome o : in) {
                x.append("    <testcase classname=\"").append(attr(suite)).append("\" name=\"")
                    .append(attr(o.level() + ": " + o.name())).append("\" time=\"").append(seconds(o.duration().toMillis())).append("\"");
                switch (o.status()) {
                    case PASSED -> x.append("/>\n");
                    case FAILED -> x.append(">\n      <failure message=\"").append(attr(firstLine(o.message())))
                        .append("\" type=\"").append(o.level()).append("\">").append(text(o.section() + "\n" + o.message()))
                        .append("</failure>\n    </testcase>\n");
                    default -> x.append(">\n      <skipped message=\"").append(attr(o.status().label() + ": " + o.message()))
                        .append("\"/>\n    </testcase>\n");
                }
            }
            x.append("  </testsuite>\n");
        }
        return x.append("</testsuites>\n").toString();
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("      <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
    }

    private static long count(List<Outcome> outcomes, Outcome.Status s) {
        return outcomes.stream().filter(o -> o.status() == s).count();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** XML text: the five special characters escaped, and characters XML 1.0 cannot hold dropped. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c == '\n' || c == '\t' || c == '\r' || (c >= 0x20 && c != 0xfffe && c != 0xffff)) {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }

    /** An attribute value: as text, with line breaks kept as character references. */
    static String attr(String s) {
        return text(s).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }
}
