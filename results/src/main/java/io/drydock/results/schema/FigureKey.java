package io.drydock.results.schema;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The identity of a figure across runs: the same key in a base and a new run names the same
 * measurement.
 */
public record FigureKey(String benchmark, String metric, String mode, String platform, String workload,
                        SortedMap<String, String> limits) implements Comparable<FigureKey> {

    /** Copies {@code limits} into a sorted, unmodifiable map. */
    public FigureKey {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(workload, "workload");
        limits = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(limits));
    }

    /** The benchmark method without its package: {@code StartupBenchmark.bootToReady}. */
    public String shortBenchmark() {
        int method = benchmark.lastIndexOf('.');
        int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /** A one-line label for tables: {@code StartupBenchmark.bootToReady [runc, busybox, memory=256m]}. */
    public String label() {
        StringBuilder b = new StringBuilder(shortBenchmark());
        if (!Figure.PRIMARY.equals(metric)) {
            b.append(':').append(metric);
        }
        b.append(" [").append(platform).append(", ").append(workload);
        for (Map.Entry<String, String> e : limits.entrySet()) {
            b.append(", ").append(e.getKey()).append('=').append(e.getValue());
        }
        return b.append(']').toString();
    }

    /** The same key with the platform left out: figures that differ only by platform share it. */
    public String groupLabel() {
        StringBuilder b = new StringBuilder(shortBenchmark());
        if (!Figure.PRIMARY.equals(metric)) {
            b.append(':').append(metric);
        }
        b.append(" (").append(workload);
        if (!limits.isEmpty()) {
            b.append(", ").append(limits.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        return b.append(')').toString();
    }

    @Override
    public int compareTo(FigureKey o) {
        return java.util.Comparator.comparing(FigureKey::benchmark)
                .thenComparing(k -> !Figure.PRIMARY.equals(k.metric())) // the primary metric first
                .thenComparing(FigureKey::metric)
                .thenComparing(FigureKey::mode)
                .thenComparing(FigureKey::workload)
                .thenComparing(k -> k.limits().toString())
                .thenComparing(FigureKey::platform)
                .compare(this, o);
    }
}
