package io.drydock.results.report;

import static io.drydock.results.report.ClaimCheck.CONTAINERS;
import static io.drydock.results.report.ClaimCheck.inDimension;

import io.drydock.results.report.ClaimCheck.Bound;
import io.drydock.results.report.ClaimCheck.BoundKind;
import io.drydock.results.report.ClaimCheck.Pair;
import io.drydock.results.report.ClaimCheck.Verdict;
import io.drydock.results.schema.Figure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The classic claims of the container-vs-VM debate, each with this run's evidence and a verdict
 * from {@link ClaimCheck}: holds, does not hold (by how much), inconclusive, not measurable here
 * (a VM under TCG says nothing about virtualization's cost), or not measured in this run. Every
 * claim states its bound, so "native" and "small" mean a number a reader can disagree with.
 */
public final class Claims {
    /** A claim and its verdict. */
    public record Claim(String statement, Verdict verdict) {
    }

    private static final List<String> HOST = List.of("host");
    private static final List<String> A_CONTAINER = List.of("drydock", "crun", "runc");
    private static final Bound NATIVE = new Bound(BoundKind.AT_MOST, 1.05);

    private final List<Claim> claims;

    private Claims(List<Claim> claims) {
        this.claims = claims;
    }

    /** The claims judged on a run set. */
    public static Claims of(RunSet runs) {
        List<Figure> f = runs.figures();
        boolean tcg = runs.machines().stream().anyMatch(m -> "tcg".equals(m.virtualization()));
        List<Claim> c = new ArrayList<>();
        c.add(claim("Containers run CPU-bound work at native speed (cost at most 1.05× the host's)",
            ClaimCheck.pairs(f, inDimension(Dimension.CPU), CONTAINERS, HOST), NATIVE, false,
            "no CPU figures of a container and the host"));
        c.add(claim("A VM runs CPU-bound work near native speed (at most 1.05× the host's)",
            ClaimCheck.pairs(f, inDimension(Dimension.CPU), Set.of("vm"), HOST), NATIVE, tcg,
            "no CPU figures of a VM and the host"));
        c.add(claim("Memory costs a container a few percent at most (bandwidth and latency at most 1.05× the host's)",
            ClaimCheck.pairs(f, inDimension(Dimension.MEMORY_BANDWIDTH), CONTAINERS, HOST), NATIVE, false,
            "no memory bandwidth figures of a container and the host"));
        c.add(claim("Memory costs a VM a few percent at most (bandwidth and latency at most 1.05× the host's)",
            ClaimCheck.pairs(f, inDimension(Dimension.MEMORY_BANDWIDTH), Set.of("vm"), HOST), NATIVE, tcg,
            "no memory bandwidth figures of a VM and the host"));
        c.add(claim("Container networking (bridge and NAT) adds a small overhead (at most 1.20× the host's)",
            ClaimCheck.pairs(f, inDimension(Dimension.NETWORK_LATENCY, Dimension.NETWORK_THROUGHPUT), Set.of("drydock"), HOST),
            new Bound(BoundKind.AT_MOST, 1.20), false, "no network figures of a port-mapped container and the host"));
        c.add(claim("Host networking costs a container nothing (at most 1.05× the host's)",
            ClaimCheck.pairs(f, inDimension(Dimension.NETWORK_LATENCY, Dimension.NETWORK_THROUGHPUT),
                Set.of("drydock-hostnet"), HOST), NATIVE, false, "no network figures of a host-networked container"));
        c.add(claim("Images are layered: an instance's own disk is cheap (at most 0.10× the image layers it shares)",
            layered(f), new Bound(BoundKind.AT_MOST, 0.10), false, "no disk footprint of a container"));
        c.add(claim("Containers start and stop fast (create, start, wait for /bin/true and delete in at most 100 ms)",
            startUnder(f, 100), new Bound(BoundKind.AT_MOST, 1.0), false, "no container start-up figure"));
        c.add(claim("A VM pays in boot: its start to ready takes at least 10× a container's",
            vmBoots(f),
            new Bound(BoundKind.AT_LEAST, 10), tcg, "no start-up figures of both a VM and a container"));
        c.add(claim("A VM pays in size: an idle VM takes at least 2× a container's memory and disk per instance",
            ClaimCheck.pairs(f, inDimension(Dimension.MEMORY_PER_INSTANCE, Dimension.DISK_PER_INSTANCE), Set.of("vm"),
                A_CONTAINER), new Bound(BoundKind.AT_LEAST, 2), false,
            "no per-instance memory or disk figures of both a VM and a container"));
        c.add(claim("Containers do disk I/O at native speed (at most 1.05× the host's)",
            ClaimCheck.pairs(f, inDimension(Dimension.DISK_IO), CONTAINERS, HOST), NATIVE, false,
            "no disk I/O figures of a container and the host"));
        c.add(claim("A VM pays in disk I/O (at least 1.05× the host's cost)",
            ClaimCheck.pairs(f, inDimension(Dimension.DISK_IO), Set.of("vm"), HOST),
            new Bound(BoundKind.AT_LEAST, 1.05), tcg, "no disk I/O figures of a VM and the host"));
        return new Claims(List.copyOf(c));
    }

    private static Claim claim(String statement, List<Pair> pairs, Bound bound, boolean emulated, String missing) {
        return new Claim(statement, ClaimCheck.judge(pairs, bound, emulated, missing));
    }

    /** Each container's private disk against the image layers it shares, from the disk footprint benchmark. */
    private static List<Pair> layered(List<Figure> figures) {
        List<Pair> out = new ArrayList<>();
        for (Figure p : figures) {
            if (!CONTAINERS.contains(p.platform()) || !"diskPrivateBytes".equals(p.metric())) {
                continue;
            }
            figures.stream().filter(s -> s.benchmark().equals(p.benchmark()) && "diskSharedBytes".equals(s.metric())
                    && s.platform().equals(p.platform()) && s.workload().equals(p.workload()) && s.limits().equals(p.limits()))
                .findFirst().ifPresent(s -> out.add(new Pair(p, s, 0, "its shared layers")));
        }
        return out;
    }

    /**
     * Each VM's start to ready against the first container's (drydock, else crun, else runc) of the
     * same workload if there is one, else of any workload: the two are different benchmarks (a boot
     * and a create-start-wait-delete), which the headline shows on one row.
     */
    private static List<Pair> vmBoots(List<Figure> figures) {
        List<Figure> startups = figures.stream().filter(f -> MeasurementNames.of(f).dimension() == Dimension.STARTUP
            && Claims.millisPer(f.unit()) > 0).toList();
        List<Pair> out = new ArrayList<>();
        for (Figure vm : startups) {
            if (!vm.platform().equals("vm")) {
                continue;
            }
            java.util.Optional<Figure> ref = A_CONTAINER.stream().flatMap(c -> startups.stream()
                    .filter(s -> s.platform().equals(c) && s.unit().equals(vm.unit()))
                    .sorted(java.util.Comparator.comparing(s -> !s.workload().equals(vm.workload()))))
                .findFirst();
            ref.ifPresent(r -> out.add(new Pair(vm, r, 0, r.platform())));
        }
        return out;
    }

    /** Each container's start to ready against a fixed {@code millis}. */
    private static List<Pair> startUnder(List<Figure> figures, double millis) {
        List<Pair> out = new ArrayList<>();
        for (Figure f : figures) {
            if (CONTAINERS.contains(f.platform()) && MeasurementNames.of(f).dimension() == Dimension.STARTUP) {
                double perMs = millisPer(f.unit());
                if (perMs > 0) {
                    out.add(new Pair(f, null, millis / perMs, String.format(Locale.ROOT, "%.0f ms", millis)));
                }
            }
        }
        return out;
    }

    /** How many milliseconds one unit of a JMH time unit is ("us/op" → 0.001), or 0 for a unit that is not a time. */
    static double millisPer(String unit) {
        String u = MeasurementNames.unit(unit);
        TimeUnit t = switch (u) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "µs" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            default -> null;
        };
        return t == null ? 0 : t.toNanos(1) / 1e6;
    }

    /** The claims, in order. */
    public List<Claim> claims() {
        return claims;
    }

    /** For a terminal, at most 100 columns: the verdict and the claim on one line, the evidence indented under it. */
    public String toText() {
        StringBuilder b = new StringBuilder("THE CLASSIC CLAIMS, CHECKED ON THIS RUN\n");
        for (Claim c : claims) {
            b.append(DimensionHeadline.wrap(verdictWord(c) + " " + c.statement(), DimensionHeadline.TERMINAL_WIDTH));
            if (!c.verdict().why().isEmpty()) {
                b.append(DimensionHeadline.wrap("    " + c.verdict().why(), DimensionHeadline.TERMINAL_WIDTH));
            }
            for (String e : ClaimCheck.evidence(c.verdict().checks())) {
                b.append(DimensionHeadline.wrap("    - " + e, DimensionHeadline.TERMINAL_WIDTH));
            }
        }
        return b.toString();
    }

    private static String verdictWord(Claim c) {
        String w = switch (c.verdict().outcome()) {
            case HOLDS -> "holds";
            case DOES_NOT_HOLD -> "DOES NOT HOLD";
            case INCONCLUSIVE -> "inconclusive";
            case NOT_MEASURABLE -> "not measurable";
            case NOT_MEASURED -> "not measured";
        };
        return String.format(Locale.ROOT, "[%s]", w);
    }

    /** A Markdown table: claim, verdict, evidence. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("| claim | verdict | this run's evidence |\n|---|---|---|\n");
        for (Claim c : claims) {
            String evidence = String.join("; ", ClaimCheck.evidence(c.verdict().checks()));
            String verdict = c.verdict().outcome() == ClaimCheck.Outcome.DOES_NOT_HOLD
                ? "**" + c.verdict().text() + "**" : c.verdict().text();
            b.append("| ").append(TextTable.markdownEscape(c.statement())).append(" | ")
                .append(TextTable.markdownEscape(verdict)).append(" | ")
                .append(TextTable.markdownEscape(evidence.isEmpty() ? "—" : evidence)).append(" |\n");
        }
        return b.toString();
    }

    /** An HTML table: claim, verdict, evidence as a list. */
    public String toHtml() {
        StringBuilder b = new StringBuilder("<table class=\"claims\">\n<tr><th>claim</th><th>verdict</th>"
            + "<th>this run's evidence</th></tr>\n");
        for (Claim c : claims) {
            String cls = c.verdict().outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
            b.append("<tr><td>").append(TextTable.html(c.statement())).append("</td><td class=\"verdict ").append(cls)
                .append("\">").append(TextTable.html(c.verdict().text())).append("</td><td>");
            if (c.verdict().checks().isEmpty()) {
                b.append("—");
            } else {
                b.append("<ul>");
                ClaimCheck.evidence(c.verdict().checks()).forEach(e -> b.append("<li>").append(TextTable.html(e)).append("</li>"));
                b.append("</ul>");
            }
            b.append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }
}
