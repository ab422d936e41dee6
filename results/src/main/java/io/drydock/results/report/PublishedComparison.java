package io.drydock.results.report;

import io.drydock.results.report.ClaimCheck.Bound;
import io.drydock.results.report.ClaimCheck.BoundKind;
import io.drydock.results.report.ClaimCheck.Pair;
import io.drydock.results.report.ClaimCheck.Verdict;
import io.drydock.results.schema.Figure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * This host's ratios next to a published measurement of the same question: Felter, Ferreira,
 * Rajamony and Rubio, "An Updated Performance Comparison of Virtual Machines and Linux Containers"
 * (IBM Research, 2014), native / Docker / KVM on one machine. Agreement is qualitative: the paper's
 * finding (the same as native, or markedly slower) is checked as a bound with {@link ClaimCheck}
 * on this run's nearest measurement; a VM under TCG is not comparable with the paper's KVM.
 */
public final class PublishedComparison {
    /** The paper, as reports cite it. */
    public static final String SOURCE = "Felter, Ferreira, Rajamony, Rubio: An Updated Performance Comparison of"
        + " Virtual Machines and Linux Containers (IBM Research, 2014)";

    /**
     * A row: the paper's measurement and figures, its finding as a bound, and this run's verdict.
     *
     * @param measurement what the paper measured, and which side ("Linpack, Docker vs native")
     * @param paper       the paper's figures ("290.9 vs 290.8 GFLOPS")
     * @param finding     the paper's finding in words ("the same as native")
     * @param ours        this run's nearest measurement, in words
     * @param verdict     this run's evidence and whether it agrees
     */
    public record Row(String measurement, String paper, String finding, String ours, Verdict verdict) {
        /** "agrees", "differs", "inconclusive", "not comparable under TCG" or "not measured in this run". */
        public String agreement() {
            return switch (verdict.outcome()) {
                case HOLDS -> "holds";
                case DOES_NOT_HOLD -> "differs";
                case INCONCLUSIVE -> "inconclusive";
                case NOT_MEASURABLE -> "not comparable under TCG";
                case NOT_MEASURED -> "not measured in this run";
            };
        }
    }

    private static final Bound SAME = new Bound(BoundKind.NEAR, 1.05);
    private static final Bound SLOWER = new Bound(BoundKind.AT_LEAST, 1.5);
    private static final List<String> HOST = List.of("host");
    /** Docker ran runc; drydock is this run's container, then the C runtimes. */
    private static final List<String> CONTAINER_ORDER = List.of("drydock", "runc", "crun");

    private final List<Row> rows;

    private PublishedComparison(List<Row> rows) {
        this.rows = rows;
    }

    /** The paper's rows beside a run set's ratios. */
    public static PublishedComparison of(RunSet runs) {
        List<Figure> f = runs.figures();
        boolean tcg = runs.machines().stream().anyMatch(m -> "tcg".equals(m.virtualization()));
        Predicate<Figure> cpu = ClaimCheck.inDimension(Dimension.CPU);
        Predicate<Figure> bandwidth = ClaimCheck.measurement("MemoryBenchmark.memory", "copyMiBps")
            .or(ClaimCheck.measurement("MemoryBenchmark.memory", "triadMiBps"))
            .or(ClaimCheck.measurement("MemoryBenchmark.sysbenchMemory", "readMiBps"))
            .or(ClaimCheck.measurement("MemoryBenchmark.sysbenchMemory", "writeMiBps"));
        // The paper's Docker fio ran on a volume, past the union file system: so does this row where the run has one.
        Predicate<Figure> anyRandRead = ClaimCheck.measurement("DiskIoBenchmark.fio", "randReadIops");
        boolean volume = f.stream().anyMatch(x -> anyRandRead.test(x) && "volume".equals(x.limits().get("target")));
        Predicate<Figure> randRead = volume ? anyRandRead.and(x -> "volume".equals(x.limits().get("target"))) : anyRandRead;
        Predicate<Figure> rr = ClaimCheck.measurement("NetworkBenchmark.requestResponse", Figure.PRIMARY);
        Predicate<Figure> redisGet = ClaimCheck.measurement("NetworkAppBenchmark.redis", "getPerSec");
        List<Row> r = new ArrayList<>();
        r.add(row("Linpack, Docker vs native", "290.9 vs 290.8 GFLOPS", "the same as native", "CPU",
            container(f, cpu), SAME, false));
        r.add(row("Linpack, KVM vs native", "284.2 vs 290.8 GFLOPS", "the same as native (2% slower)", "CPU",
            vm(f, cpu), SAME, tcg));
        r.add(row("STREAM triad, Docker vs native", "45.6 vs 45.6 GB/s", "the same as native", "memory read and write",
            container(f, bandwidth), SAME, false));
        r.add(row("STREAM triad, KVM vs native", "45.0 vs 45.6 GB/s", "the same as native (1% slower)",
            "memory read and write", vm(f, bandwidth), SAME, tcg));
        r.add(row("fio 4 KiB random read, Docker vs native", "84k vs 84k IOPS", "the same as native (on a volume)",
            "fio 4 KiB random read", container(f, randRead), SAME, false));
        r.add(row("fio 4 KiB random read, KVM vs native", "42.5k vs 84k IOPS", "markedly slower (half the IOPS)",
            "fio 4 KiB random read", vm(f, randRead), SLOWER, tcg));
        r.add(row("netperf TCP_RR, Docker NAT vs native", "about 2× 37.6 µs", "markedly slower (about double)",
            "TCP request/response through a mapped port", ClaimCheck.pairs(f, rr, Set.of("drydock"), HOST), SLOWER, false));
        r.add(row("netperf TCP_RR, KVM vs native", "67.9 vs 37.6 µs", "markedly slower (1.8×)", "TCP request/response",
            vm(f, rr), SLOWER, tcg));
        r.add(row("Redis GET, Docker host networking vs native", "about the same", "the same as native",
            "Redis GET, host networking", ClaimCheck.pairs(f, redisGet, Set.of("drydock-hostnet"), HOST), SAME, false));
        r.add(row("Redis GET, Docker NAT vs native", "22 to 30% fewer requests/s", "markedly slower",
            "Redis GET through a mapped port", ClaimCheck.pairs(f, redisGet, Set.of("drydock"), HOST),
            new Bound(BoundKind.AT_LEAST, 1.2), false));
        return new PublishedComparison(List.copyOf(r));
    }

    /** The first container measured (drydock, else runc, else crun) against the host, per measurement. */
    private static List<Pair> container(List<Figure> f, Predicate<Figure> which) {
        for (String c : CONTAINER_ORDER) {
            List<Pair> p = ClaimCheck.pairs(f, which, Set.of(c), HOST);
            if (!p.isEmpty()) {
                return p;
            }
        }
        return List.of();
    }

    private static List<Pair> vm(List<Figure> f, Predicate<Figure> which) {
        return ClaimCheck.pairs(f, which, Set.of("vm"), HOST);
    }

    private static Row row(String measurement, String paper, String finding, String ours, List<Pair> pairs, Bound bound,
                           boolean emulated) {
        return new Row(measurement, paper, finding, ours, ClaimCheck.judge(pairs, bound, emulated, ""));
    }

    /** The rows, in the paper's order. */
    public List<Row> rows() {
        return rows;
    }

    /** For a terminal, at most 100 columns. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(DimensionHeadline.wrap("PUBLISHED FIGURES NEXT TO THIS HOST: " + SOURCE, DimensionHeadline.TERMINAL_WIDTH));
        for (Row r : rows) {
            b.append(DimensionHeadline.wrap("[" + r.agreement() + "] " + r.measurement() + ": paper " + r.paper() + ", "
                + r.finding(), DimensionHeadline.TERMINAL_WIDTH));
            if (r.verdict().outcome() == ClaimCheck.Outcome.NOT_MEASURABLE) {
                b.append(DimensionHeadline.wrap("    " + r.verdict().why(), DimensionHeadline.TERMINAL_WIDTH));
            }
            for (String e : ClaimCheck.evidence(r.verdict().checks())) {
                b.append(DimensionHeadline.wrap("    - " + e, DimensionHeadline.TERMINAL_WIDTH));
            }
        }
        return b.toString();
    }

    /** The ratios this host measured for a row, or what is missing. */
    private static String hostText(Row r) {
        if (r.verdict().checks().isEmpty()) {
            return "not measured in this run (" + r.ours() + ")";
        }
        return String.join("; ", ClaimCheck.evidence(r.verdict().checks()));
    }

    /** A Markdown table: measurement, paper, finding, this host, agreement. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("From ").append(SOURCE).append(".\n\n")
            .append("| measurement | paper | paper's finding | this host | agreement |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(TextTable.markdownEscape(r.measurement())).append(" | ")
                .append(TextTable.markdownEscape(r.paper())).append(" | ").append(TextTable.markdownEscape(r.finding()))
                .append(" | ").append(TextTable.markdownEscape(hostText(r))).append(" | ")
                .append(TextTable.markdownEscape(r.agreement())).append(" |\n");
        }
        return b.toString();
    }

    /** An HTML table with the same columns. */
    public String toHtml() {
        StringBuilder b = new StringBuilder("<p class=\"note\">From ").append(TextTable.html(SOURCE)).append(".</p>\n")
            .append("<table class=\"published\">\n<tr><th>measurement</th><th>paper</th><th>paper's finding</th>")
            .append("<th>this host</th><th>agreement</th></tr>\n");
        for (Row r : rows) {
            String cls = r.verdict().outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            b.append("<tr><td>").append(TextTable.html(r.measurement())).append("</td><td>").append(TextTable.html(r.paper()))
                .append("</td><td>").append(TextTable.html(r.finding())).append("</td><td>")
                .append(TextTable.html(hostText(r))).append("</td><td class=\"verdict ").append(cls).append("\">")
                .append(TextTable.html(r.agreement())).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }
}
