package io.drydock.results.plan;

import io.drydock.results.report.ReportInputException;
import io.drydock.results.report.RunSet;
import io.drydock.results.report.TextTable;
import io.drydock.results.report.ValueFormat;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sizes a host from measured footprints: per platform (and workload and limits), how many instances
 * fit, which resource binds first, and how long starting them all takes. Shared bytes are paid once
 * per host, private bytes once per instance; the headroom is kept free of every resource.
 */
public final class CapacityPlanner {

    /** The plan: one fit per platform and workload, with the host and the general assumptions. */
    public record CapacityPlan(HostCapacity host, List<PlatformFit> fits, List<String> assumptions) {

        /** A table with every assumption printed under it. */
        public String toText() {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("platform", "workload", "instances", "binds first", "by memory", "by disk", "by CPU",
                    "start all"));
            for (PlatformFit f : fits) {
                rows.add(List.of(f.platform(), f.workload(), Long.toString(f.instances()), f.binding(),
                        count(f, "memory"), count(f, "disk"), count(f, "cpu"),
                        f.startAll() == null ? "not measured" : duration(f.startAll())));
            }
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "Host: %d CPUs, %s memory, %s disk, %.0f%% headroom%n%n", host.cpus(),
                    ValueFormat.bytes(host.memoryBytes()), ValueFormat.bytes(host.diskBytes()), host.headroom() * 100));
            b.append(TextTable.render(rows)).append("\nAssumptions:\n");
            assumptions.forEach(a -> b.append("  - ").append(a).append('\n'));
            for (PlatformFit f : fits) {
                b.append("  ").append(f.platform()).append(" / ").append(f.workload()).append(":\n");
                f.assumptions().forEach(a -> b.append("    - ").append(a).append('\n'));
            }
            return b.toString();
        }

        private static String count(PlatformFit f, String resource) {
            Long n = f.perResource().get(resource);
            if (n == null) {
                return "not measured";
            }
            return n == Long.MAX_VALUE ? "unbounded" : n.toString();
        }
    }

    /**
     * Plans {@code host} from {@code runs}.
     *
     * @throws ReportInputException when no figure gives a per-instance memory footprint
     */
    public CapacityPlan plan(RunSet runs, HostCapacity host) throws ReportInputException {
        Map<String, Map<FigureKind, List<Figure>>> groups = new TreeMap<>();
        for (Figure f : runs.figures()) {
            if (f.kind() == FigureKind.OTHER) {
                continue;
            }
            String limits = f.limits().isEmpty() ? "" : " " + f.limits();
            String key = f.platform() + "\u0000" + f.workload() + limits;
            groups.computeIfAbsent(key, k -> new EnumMap<>(FigureKind.class))
                    .computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(f);
        }
        List<PlatformFit> fits = new ArrayList<>();
        for (Map.Entry<String, Map<FigureKind, List<Figure>>> g : groups.entrySet()) {
            if (!g.getValue().containsKey(FigureKind.MEMORY_PRIVATE)) {
                continue;
            }
            String[] parts = g.getKey().split("\u0000", 2);
            fits.add(fit(parts[0], parts[1], g.getValue(), host));
        }
        if (fits.isEmpty()) {
            throw new ReportInputException("no per-instance memory footprint in the results: capacity planning needs"
                    + " figures of kind memory-private (JMH secondary metric \""
                    + FigureKind.MEMORY_PRIVATE.jmhMetricName() + "\")");
        }
        List<PlatformFit> ordered = new ArrayList<>();
        for (String p : RunSet.orderPlatforms(fits.stream().map(PlatformFit::platform).toList())) {
            fits.stream().filter(f -> f.platform().equals(p)).forEach(ordered::add);
        }
        List<String> general = List.of(
                // One sentence per assumption: the plan prints each next to the numbers.
                String.format(Locale.ROOT, "%.0f%% of every resource is kept free (headroom): %.1f CPUs, %s memory"
                                + " and %s disk are given to instances", host.headroom() * 100, host.usableCpus(),
                        ValueFormat.bytes(host.usableMemory()), ValueFormat.bytes(host.usableDisk())),
                "footprints are the means over forks of what one instance used on the measured machine;"
                        + " a workload under real load may use more",
                "shared bytes (image layers, page cache of shared files, daemons) are paid once per host,"
                        + " private bytes once per instance",
                "the host's own processes beyond the headroom are not modelled, nor are limits other than CPU,"
                        + " memory and disk (pids, addresses on the bridge, file descriptors)",
                "measured on " + runs.machines().stream()
                        .map(m -> m.isKnown() ? m.cpuModel() + " (" + m.cpuCount() + " CPUs), " + m.kernel()
                                + ", " + m.virtualization() : "a machine not recorded (raw JMH output)")
                        .distinct().collect(java.util.stream.Collectors.joining("; ")));
        return new CapacityPlan(host, ordered, general);
    }

    private static PlatformFit fit(String platform, String workload, Map<FigureKind, List<Figure>> kinds,
                                   HostCapacity host) throws ReportInputException {
        List<String> notes = new ArrayList<>();
        Map<String, Long> per = new LinkedHashMap<>();
        double memPrivate = value(kinds, FigureKind.MEMORY_PRIVATE, notes);
        double memShared = valueOr0(kinds, FigureKind.MEMORY_SHARED, notes, "memory");
        per.put("memory", count(host.usableMemory() - memShared, memPrivate));
        notes.add("memory per instance " + ValueFormat.bytes(memPrivate) + " private + "
                + ValueFormat.bytes(memShared) + " shared once");
        if (kinds.containsKey(FigureKind.DISK_PRIVATE)) {
            double diskPrivate = value(kinds, FigureKind.DISK_PRIVATE, notes);
            double diskShared = valueOr0(kinds, FigureKind.DISK_SHARED, notes, "disk");
            per.put("disk", count(host.usableDisk() - diskShared, diskPrivate));
            notes.add("disk per instance " + ValueFormat.bytes(diskPrivate) + " private + "
                    + ValueFormat.bytes(diskShared) + " shared once");
        } else {
            notes.add("disk not measured for this platform: not considered");
        }
        if (kinds.containsKey(FigureKind.CPU_CORES)) {
            double cores = value(kinds, FigureKind.CPU_CORES, notes);
            per.put("cpu", count(host.usableCpus(), cores));
            notes.add(String.format(Locale.ROOT, "each ready instance keeps %.3f CPUs busy", cores));
        } else {
            notes.add("CPU use per instance not measured: CPU not considered (idle instances assumed free)");
        }
        String binding = per.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        long instances = per.get(binding);
        if (instances == Long.MAX_VALUE) {
            binding = "none measured";
        }
        Duration startAll = null;
        if (kinds.containsKey(FigureKind.STARTUP_TIME)) {
            Figure s = kinds.get(FigureKind.STARTUP_TIME).get(0);
            double seconds = s.mean() * secondsPer(s.unit());
            if (Double.isNaN(seconds)) {
                notes.add("start-up time in unit " + s.unit() + " cannot be converted to seconds: start-all not computed");
            } else {
                long batches = instances == Long.MAX_VALUE ? 0 : (instances + host.cpus() - 1) / host.cpus();
                startAll = Duration.ofNanos(Math.round(batches * seconds * 1e9));
                notes.add(String.format(Locale.ROOT, "start-all: %d instances started %d at a time (one per host"
                                + " CPU), each start taking the measured mean %s (%s); contention between"
                                + " parallel starts is not modelled, so this is a lower bound", instances, host.cpus(),
                        ValueFormat.withUnit(s.mean(), s.unit()), s.key().shortBenchmark()));
            }
        } else {
            notes.add("no start-up time measured: start-all not computed");
        }
        return new PlatformFit(platform, workload, instances, binding, per, startAll, notes);
    }

    private static long count(double available, double perInstance) {
        if (perInstance <= 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (long) Math.floor(available / perInstance));
    }

    private static double valueOr0(Map<FigureKind, List<Figure>> kinds, FigureKind kind, List<String> notes,
                                   String what) throws ReportInputException {
        if (!kinds.containsKey(kind)) {
            notes.add("shared " + what + " not measured: counted as 0");
            return 0;
        }
        return value(kinds, kind, notes);
    }

    /** The mean of a kind's figure; with several (several benchmarks), the largest, to stay on the safe side. */
    private static double value(Map<FigureKind, List<Figure>> kinds, FigureKind kind, List<String> notes)
            throws ReportInputException {
        List<Figure> figs = kinds.get(kind);
        double max = Double.NEGATIVE_INFINITY;
        for (Figure f : figs) {
            if (kind.unit() != null && !kind.unit().equals(f.unit())) {
                throw new ReportInputException("figure " + f.key().label() + " of kind " + kind
                        + " is in " + f.unit() + ", planning expects " + kind.unit());
            }
            max = Math.max(max, f.mean());
        }
        if (figs.size() > 1) {
            notes.add(figs.size() + " benchmarks measured " + kind.name().toLowerCase(Locale.ROOT)
                    + ": the largest is used");
        }
        return max;
    }

    /** Seconds per unit of a JMH time unit such as "ms/op"; NaN for anything else. */
    static double secondsPer(String unit) {
        String u = unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
        return switch (u) {
            case "ns" -> 1e-9;
            case "us", "µs" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> Double.NaN;
        };
    }

    private static String duration(Duration d) {
        double s = d.toNanos() / 1e9;
        if (s < 1) {
            return String.format(Locale.ROOT, "%.0f ms", s * 1000);
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        return String.format(Locale.ROOT, "%.1f min", s / 60);
    }
}
