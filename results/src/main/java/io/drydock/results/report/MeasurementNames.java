package io.drydock.results.report;

import io.drydock.results.schema.Figure;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one catalogue of names a person reads for drydock's measurements: each benchmark method and
 * secondary metric gets a label, a unit for display and, if it belongs in the headline, its
 * {@link Dimension}. The terminal, Markdown, HTML, charts and JUnit XML all take their words from
 * here; raw JMH names stay in {@code results.json}. A measurement the catalogue does not know gets
 * a label made from its method name, and no headline row.
 */
public final class MeasurementNames {
    /**
     * A measurement's names.
     *
     * @param label     what it is, in words ("start-up: create, start, wait, delete /bin/true")
     * @param dimension its headline dimension, or null if it is detail only
     */
    public record Name(String label, Dimension dimension) {
    }

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
        m.put("StartupBenchmark.createStartWaitDelete", new Name(START_TO_READY, Dimension.STARTUP));
        m.put("BootBenchmark.bootToReady", new Name(START_TO_READY, Dimension.STARTUP));
        m.put("BootBenchmark.idleFootprint", new Name("VM boot and idle (timing only)", null));
        m.put("BootBenchmark.idleFootprint:qemuPssKiB", new Name("memory of an idle instance (PSS)", Dimension.MEMORY_PER_INSTANCE));
        m.put("BootBenchmark.idleFootprint:guestMemoryKiB", new Name("guest memory size", null));
        m.put("DiskFootprintBenchmark.measure", new Name("disk footprint (timing only)", null));
        m.put("DiskFootprintBenchmark.measure:diskPrivateBytes", new Name("disk private to one instance", Dimension.DISK_PER_INSTANCE));
        m.put("DiskFootprintBenchmark.measure:diskSharedBytes", new Name("disk shared by all instances", null));
        m.put("DiskFootprintBenchmark.measure:diskWritesBytes", new Name("disk: the instance's own writes", null));
        m.put("DiskFootprintBenchmark.measure:diskMetadataBytes", new Name("disk: per-instance metadata", null));
        m.put("DiskFootprintBenchmark.measure:runStateBytes", new Name("run state on tmpfs", null));
        m.put("NetworkBenchmark.requestResponse", new Name("TCP request/response, 64 B", Dimension.NETWORK_LATENCY));
        m.put("NetworkBenchmark.bulkDownload", new Name("TCP download of 64 MiB", Dimension.NETWORK_THROUGHPUT));
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
        return new Name(n.label(), d);
    }

    /** The names of {@code benchmark} (fully qualified method) and {@code metric}. */
    public static Name of(String benchmark, String metric) {
        String method = simple(benchmark);
        String key = Figure.PRIMARY.equals(metric) ? method : method + ":" + metric;
        Name n = NAMES.get(key);
        if (n != null) {
            return n;
        }
        return new Name(words(method.substring(method.indexOf('.') + 1)) + (Figure.PRIMARY.equals(metric) ? "" : ": " + words(metric)),
            null);
    }

    /** Where the catalogue lists a measurement (its order in headlines), or {@code Integer.MAX_VALUE} for one it does not know. */
    public static int order(String benchmark, String metric) {
        String method = simple(benchmark);
        String key = Figure.PRIMARY.equals(metric) ? method : method + ":" + metric;
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
        String method = simple(benchmark);
        return Optional.ofNullable(NAMES.get(Figure.PRIMARY.equals(metric) ? method : method + ":" + metric));
    }

    /** A unit as a person reads it: JMH's per-operation suffix dropped ("ms/op" → "ms"). */
    public static String unit(String unit) {
        return unit == null ? "" : unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
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
