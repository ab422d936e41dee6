package io.drydock.results.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a figure measures, as far as charts and capacity planning care. Benchmarks report
 * footprints as JMH secondary metrics (for example {@code @AuxCounters} fields) named by
 * {@link #jmhMetricName()}; start-up times are primary metrics of benchmark methods whose name
 * contains "start" or "boot".
 */
public enum FigureKind {
    /** Time from "start" to "ready" for one instance. */
    @JsonProperty("startup-time") STARTUP_TIME(null, null),
    /** Memory used by one instance alone (anonymous, private page cache, guest RAM). */
    @JsonProperty("memory-private") MEMORY_PRIVATE("memoryPrivateBytes", "bytes"),
    /** Memory shared by every instance of the platform (shared layers in page cache, daemons). */
    @JsonProperty("memory-shared") MEMORY_SHARED("memorySharedBytes", "bytes"),
    /** Disk written by one instance alone (overlay upper dir, qcow2 overlay). */
    @JsonProperty("disk-private") DISK_PRIVATE("diskPrivateBytes", "bytes"),
    /** Disk shared by every instance (unpacked image layers, base qcow2). */
    @JsonProperty("disk-shared") DISK_SHARED("diskSharedBytes", "bytes"),
    /** CPU cores one idle-but-ready instance keeps busy. */
    @JsonProperty("cpu-cores") CPU_CORES("cpuCores", "cores"),
    /** Anything else. */
    @JsonProperty("other") OTHER(null, null);

    private final String jmhMetricName;
    private final String unit;

    FigureKind(String jmhMetricName, String unit) {
        this.jmhMetricName = jmhMetricName;
        this.unit = unit;
    }

    /** The JMH secondary-metric name that marks this kind, or null if none does. */
    public String jmhMetricName() {
        return jmhMetricName;
    }

    /** The unit figures of this kind are recorded in, or null if they keep JMH's unit. */
    public String unit() {
        return unit;
    }

    /** True for the four footprint kinds (memory or disk, shared or private). */
    public boolean isFootprint() {
        return this == MEMORY_PRIVATE || this == MEMORY_SHARED || this == DISK_PRIVATE || this == DISK_SHARED;
    }

    /**
     * Classifies a JMH metric.
     *
     * @param benchmark the fully qualified benchmark method
     * @param metric    {@link Figure#PRIMARY} or the secondary metric's name
     * @param mode      the JMH mode ({@code ss}, {@code avgt}, ...)
     */
    public static FigureKind classify(String benchmark, String metric, String mode) {
        for (FigureKind k : values()) {
            if (k.jmhMetricName != null && k.jmhMetricName.equals(metric)) {
                return k;
            }
        }
        if (Figure.PRIMARY.equals(metric) && !"thrpt".equals(mode)) {
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
            if (method.contains("start") || method.contains("boot")) {
                return STARTUP_TIME;
            }
        }
        return OTHER;
    }
}
