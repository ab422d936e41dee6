package io.drydock.results.report;

import io.drydock.results.schema.Better;
import io.drydock.results.schema.CounterUnit;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one catalogue of names a person reads for drydock's measurements: each benchmark method and
 * secondary metric gets a label, a unit for display and, if it belongs in the headline, its
 * {@link Dimension}. The terminal, Markdown, HTML, charts and the JUnit XML of {@code drydock
 * compare} all take their words from here; raw JMH names stay in {@code results.json}. A
 * measurement the catalogue does not know gets a label made from its method name, and no headline
 * row.
 *
 * <p>drydock's secondary metrics end in their unit ({@code oneThreadEventsPerSec}, {@code randReadP99Us},
 * {@code memoryPerInstanceKiB}); {@link #unitOfSuffix} reads it, so the display unit and the
 * direction of a figure do not depend on what JMH printed for an aux counter ({@code #}).
 */
public final class MeasurementNames {
    /**
     * A measurement's names.
     *
     * @param label     what it is, in words ("sysbench CPU", "4 KiB random read")
     * @param dimension its headline dimension, or null if it is detail only
     * @param unit      the unit to show, or null to show the figure's own unit (JMH's, "/op" dropped)
     */
    public record Name(String label, Dimension dimension, String unit) {
        /** A name that shows the figure's own unit. */
        public Name(String label, Dimension dimension) {
            this(label, dimension, null);
        }
    }

    /** Units whose values a figure carries as they are: sizes and times. */
    private static final java.util.Set<String> MEASURED_UNITS = java.util.Set.of("bytes", "KiB", "MiB", "ns", "µs", "ms", "s");

    /**
     * One headline row for containers and VMs alike: a container's create, start, wait for
     * /bin/true and delete; a VM's boot to its init's ready mark (see {@link DimensionHeadline#notes()}).
     */
    static final String START_TO_READY = "start to ready";

    private static final Map<String, Name> NAMES = names();

    private MeasurementNames() {
    }

    private static Map<String, Name> names() {
        Map<String, Name> m = new LinkedHashMap<>();
        // Start-up.
        m.put("StartupBenchmark.createStartWaitDelete", new Name(START_TO_READY, Dimension.STARTUP));
        m.put("BootBenchmark.bootToReady", new Name(START_TO_READY, Dimension.STARTUP));
        // CPU.
        m.put("CpuBenchmark.cpu", new Name("CPU workloads (timing only)", null));
        m.put("CpuBenchmark.cpu:oneThreadEventsPerSec", new Name("sysbench CPU, one thread on the last core", Dimension.CPU,
            "events/s"));
        m.put("CpuBenchmark.cpu:allCoresEventsPerSec", new Name("sysbench CPU, every core", Dimension.CPU, "events/s"));
        m.put("CpuBenchmark.cpu:sha256WorkMs", new Name("SHA-256 of a fixed buffer, timed by the host", Dimension.CPU, "ms"));
        // Memory bandwidth, and latency beside it: drydock's STREAM-style kernel on one core, and
        // (results of earlier versions) sysbench's sequential read and write on every core.
        m.put("MemoryBenchmark.memory", new Name("memory workloads (timing only)", null));
        m.put("MemoryBenchmark.memory:copyMiBps", new Name("memory copy (STREAM-style), one core", Dimension.MEMORY_BANDWIDTH,
            "MiB/s"));
        m.put("MemoryBenchmark.memory:triadMiBps", new Name("memory triad (STREAM-style), one core", Dimension.MEMORY_BANDWIDTH,
            "MiB/s"));
        m.put("MemoryBenchmark.memory:randomAccessNs",
            new Name("memory random access (latency)", Dimension.MEMORY_BANDWIDTH, "ns"));
        m.put("MemoryBenchmark.sysbenchMemory", new Name("sysbench memory (timing only)", null));
        m.put("MemoryBenchmark.sysbenchMemory:readMiBps", new Name("memory read", Dimension.MEMORY_BANDWIDTH, "MiB/s"));
        m.put("MemoryBenchmark.sysbenchMemory:writeMiBps", new Name("memory write", Dimension.MEMORY_BANDWIDTH, "MiB/s"));
        m.put("MemoryBenchmark.sysbenchMemory:randomAccessNs",
            new Name("memory random access (latency)", Dimension.MEMORY_BANDWIDTH, "ns"));
        // Memory per idle instance.
        m.put("DensityBenchmark.idleInstances", new Name("idle instances (timing only)", null));
        m.put("DensityBenchmark.idleInstances:memoryPerInstanceKiB",
            new Name("memory per instance (PSS)", Dimension.MEMORY_PER_INSTANCE, "KiB"));
        m.put("DensityBenchmark.idleInstances:hostMemoryPerInstanceKiB",
            new Name("host memory used per instance", Dimension.MEMORY_PER_INSTANCE, "KiB"));
        m.put("BootBenchmark.idleFootprint", new Name("VM boot and idle (timing only)", null));
        m.put("BootBenchmark.idleFootprint:qemuPssKiB", new Name("idle VM memory (PSS)", Dimension.MEMORY_PER_INSTANCE, "KiB"));
        m.put("BootBenchmark.idleFootprint:guestMemoryKiB", new Name("guest memory size", null, "KiB"));
        // Disk I/O.
        m.put("DiskIoBenchmark.fio", new Name("fio (timing only)", null));
        m.put("DiskIoBenchmark.fio:randReadIops", new Name("4 KiB random read", Dimension.DISK_IO, "IOPS"));
        m.put("DiskIoBenchmark.fio:randWriteIops", new Name("4 KiB random write", Dimension.DISK_IO, "IOPS"));
        m.put("DiskIoBenchmark.fio:randReadP50Us", new Name("random read latency, median", Dimension.DISK_IO, "µs"));
        m.put("DiskIoBenchmark.fio:randReadP99Us", new Name("random read latency, 99th pct", Dimension.DISK_IO, "µs"));
        m.put("DiskIoBenchmark.fio:randWriteP50Us", new Name("random write latency, median", Dimension.DISK_IO, "µs"));
        m.put("DiskIoBenchmark.fio:randWriteP99Us", new Name("random write latency, 99th pct", Dimension.DISK_IO, "µs"));
        m.put("DiskIoBenchmark.fio:seqReadMiBps", new Name("sequential read", Dimension.DISK_IO, "MiB/s"));
        m.put("DiskIoBenchmark.fio:seqWriteMiBps", new Name("sequential write", Dimension.DISK_IO, "MiB/s"));
        // Disk per instance.
        m.put("DiskFootprintBenchmark.measure", new Name("disk footprint (timing only)", null));
        m.put("DiskFootprintBenchmark.measure:diskPrivateBytes", new Name("disk private to one instance", Dimension.DISK_PER_INSTANCE));
        m.put("DiskFootprintBenchmark.measure:diskSharedBytes", new Name("disk shared by all instances", null));
        m.put("DiskFootprintBenchmark.measure:diskWritesBytes", new Name("disk: the instance's own writes", null));
        m.put("DiskFootprintBenchmark.measure:diskMetadataBytes", new Name("disk: per-instance metadata", null));
        m.put("DiskFootprintBenchmark.measure:runStateBytes", new Name("run state on tmpfs", null));
        // Network latency (and the request rate of an application).
        m.put("NetworkBenchmark.requestResponse", new Name("TCP request/response, 64 B", Dimension.NETWORK_LATENCY));
        m.put("NetworkAppBenchmark.redis", new Name("Redis (timing only)", null));
        m.put("NetworkAppBenchmark.redis:getPerSec", new Name("Redis GET", Dimension.NETWORK_LATENCY, "req/s"));
        m.put("NetworkAppBenchmark.redis:setPerSec", new Name("Redis SET", Dimension.NETWORK_LATENCY, "req/s"));
        // Network throughput.
        m.put("NetworkBenchmark.bulkDownload", new Name("TCP download of 64 MiB", Dimension.NETWORK_THROUGHPUT));
        m.put("NetworkAppBenchmark.iperf3", new Name("iperf3 (timing only)", null));
        m.put("NetworkAppBenchmark.iperf3:throughputMbps", new Name("iperf3 TCP", Dimension.NETWORK_THROUGHPUT, "Mbit/s"));
        // Image build.
        m.put("BuildBenchmark.buildOneRunLayer", new Name("build one RUN layer", Dimension.IMAGE_BUILD));
        return m;
    }

    /**
     * The names of a figure's measurement (benchmark method and metric). One the catalogue does not
     * know still reaches the headline when its kind says where it belongs (a start-up time, a
     * private memory or disk footprint).
     */
    public static Name of(Figure f) {
        Name n = of(f.benchmark(), f.metric());
        if (n.dimension() != null || known(f.benchmark(), f.metric()).isPresent()) {
            return n;
        }
        Dimension d = switch (f.kind()) {
            case STARTUP_TIME -> Dimension.STARTUP;
            case MEMORY_PRIVATE -> Dimension.MEMORY_PER_INSTANCE;
            case DISK_PRIVATE -> Dimension.DISK_PER_INSTANCE;
            default -> null;
        };
        return new Name(n.label(), d, n.unit());
    }

    /** The names of {@code benchmark} (fully qualified method) and {@code metric}. */
    public static Name of(String benchmark, String metric) {
        String method = simple(benchmark);
        Name n = NAMES.get(key(method, metric));
        if (n != null) {
            return n;
        }
        String label = words(method.substring(method.indexOf('.') + 1))
            + (Figure.PRIMARY.equals(metric) ? "" : ": " + words(metric));
        return new Name(label, null, unitOfSuffix(metric).map(CounterUnit::unit).orElse(null));
    }

    /** Where the catalogue lists a measurement (its order in headlines), or {@code Integer.MAX_VALUE} for one it does not know. */
    public static int order(String benchmark, String metric) {
        String key = key(simple(benchmark), metric);
        int i = 0;
        for (String k : NAMES.keySet()) {
            if (k.equals(key)) {
                return i;
            }
            i++;
        }
        return Integer.MAX_VALUE;
    }

    /** Whether the catalogue names this measurement itself (rather than deriving a label). */
    public static Optional<Name> known(String benchmark, String metric) {
        return Optional.ofNullable(NAMES.get(key(simple(benchmark), metric)));
    }

    /**
     * A figure in words, for one-line lists (compare's table, its JUnit XML, the report's list of
     * figures): "start to ready [drydock, busybox-true, memory 256m]".
     */
    public static String describe(FigureKey k) {
        StringBuilder b = new StringBuilder(of(k.benchmark(), k.metric()).label()).append(" [")
            .append(platformName(k.platform()));
        if (!"default".equals(k.workload())) {
            b.append(", ").append(k.workload());
        }
        k.limits().forEach((name, value) -> b.append(", ").append(name).append(' ').append(value));
        return b.append(']').toString();
    }

    /** A platform as a person reads it: "drydock-runc (daemon)" for drydock-runc-daemon, else its name. */
    public static String platformName(String platform) {
        return switch (platform) {
            case "drydock-runc-daemon" -> "drydock-runc (daemon)";
            default -> platform;
        };
    }

    /** The limits of a measurement as words: "threads 1, target volume", or "" without limits. */
    public static String limitsText(Map<String, String> limits) {
        return limits.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The unit a figure is shown in: the catalogue's, else the one its metric's name ends in, else JMH's ("ms/op" → "ms"). */
    public static String displayUnit(Figure f) {
        return displayUnit(f.benchmark(), f.metric(), f.unit());
    }

    /**
     * The display unit of a measurement whose figures are recorded in {@code unit}. A size or time
     * unit the figure carries is what its values are in, and wins; a count or rate ("#", "ops/s")
     * says less than the catalogue or the metric's name ("events/s", "IOPS").
     */
    public static String displayUnit(String benchmark, String metric, String unit) {
        String own = unit(unit);
        if (MEASURED_UNITS.contains(own)) {
            return own;
        }
        Name n = of(benchmark, metric);
        if (n.unit() != null) {
            return n.unit();
        }
        return unitOfSuffix(metric).map(CounterUnit::unit).orElse(unit(unit));
    }

    /**
     * Which way is better for a figure: the one its metric's name says (a rate ending in
     * {@code PerSec} is higher-better whatever JMH printed for the counter), else the figure's own.
     */
    public static Better better(Figure f) {
        return Figure.PRIMARY.equals(f.metric()) ? f.better()
            : unitOfSuffix(f.metric()).map(CounterUnit::better).orElse(f.better());
    }

    /** A value in a figure's display unit: "21.0 ms", "1.50 MiB" for KiB and bytes, "84000 IOPS". */
    public static String format(Figure f, double value) {
        return formatIn(displayUnit(f), value);
    }

    /** A value in a display unit: KiB and bytes in binary units, anything else as a number and its unit. */
    public static String formatIn(String displayUnit, double value) {
        return switch (displayUnit) {
            case "KiB" -> ValueFormat.bytes(value * 1024);
            case "bytes" -> ValueFormat.bytes(value);
            default -> ValueFormat.withUnit(value, displayUnit);
        };
    }

    /** The unit of a metric whose name ends in one ({@link CounterUnit}); the primary metric has none. */
    public static Optional<CounterUnit> unitOfSuffix(String metric) {
        return Figure.PRIMARY.equals(metric) ? Optional.empty() : CounterUnit.of(metric);
    }

    /** A unit as a person reads it: JMH's per-operation suffix dropped ("ms/op" → "ms"), "us" as "µs". */
    public static String unit(String unit) {
        String u = unit == null ? "" : unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
        return "us".equals(u) ? "µs" : u;
    }

    private static String key(String method, String metric) {
        return Figure.PRIMARY.equals(metric) ? method : method + ":" + metric;
    }

    /** "io.drydock.bench.StartupBenchmark.createStartWaitDelete" → "StartupBenchmark.createStartWaitDelete". */
    private static String simple(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /** "bulkDownload" → "bulk download". */
    static String words(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
