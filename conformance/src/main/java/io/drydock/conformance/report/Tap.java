package io.drydock.conformance.report;

import io.drydock.conformance.Outcome;
import io.drydock.conformance.RuntimeReport;
import java.util.List;

/**
 * The certification as a TAP version 14 stream: one test point per test and runtime, a failure
 * with a YAML block (section, level, message), a skip or not-applicable test as {@code # SKIP}.
 */
public final class Tap {
    /** The file name. */
    public static final String FILE = "certify.tap";

    private Tap() {}

    /** The stream for every runtime, in order. */
    public static String render(List<RuntimeReport> reports) {
        StringBuilder t = new StringBuilder("TAP version 14\n");
        int total = reports.stream().mapToInt(r -> r.outcomes().size()).sum();
        t.append("1..").append(total).append('\n');
        int n = 0;
        for (RuntimeReport r : reports) {
            for (Outcome o : r.outcomes()) {
                n++;
                String description = (r.runtime().name() + ": " + o.area().key() + ": " + o.level() + ": " + o.name())
                    .replace("#", "\\#").replace("\n", " ");
                switch (o.status()) {
                    case PASSED -> t.append("ok ").append(n).append(" - ").append(description).append('\n');
                    case FAILED -> {
                        t.append("not ok ").append(n).append(" - ").append(description).append('\n');
                        t.append("  ---\n");
                        t.append("  section: ").append(yaml(o.section())).append('\n');
                        t.append("  level: ").append(o.level()).append('\n');
                        t.append("  message: ").append(yaml(o.message())).append('\n');
                        t.append("  ...\n");
                    }
                    default -> t.append("ok ").append(n).append(" - ").append(description).append(" # SKIP ")
                        .append((o.status().label() + ": " + o.message()).replace("\n", " ")).append('\n');
                }
            }
        }
        return t.toString();
    }

    /** A YAML double-quoted scalar. */
    static String yaml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
