package io.drydock.results.schema;

import java.util.List;
import java.util.Optional;

/**
 * The unit a drydock counter's name ends in, and which way is better: JMH reports every aux
 * counter as "#", so the name carries the unit ({@code diskWritesBytes}, {@code qemuPssKiB},
 * {@code oneThreadEventsPerSec}, {@code randReadP99Us}). The JMH reader records figures in it and
 * the report shows them in it.
 *
 * @param suffix the end of the metric's name
 * @param unit   the unit, as results record it
 * @param better which way is better
 */
public record CounterUnit(String suffix, String unit, Better better) {
    /** Every suffix, longest first where one ends another. */
    public static final List<CounterUnit> ALL = List.of(
        new CounterUnit("PerSec", "ops/s", Better.HIGHER),
        new CounterUnit("Iops", "IOPS", Better.HIGHER),
        new CounterUnit("MiBps", "MiB/s", Better.HIGHER),
        new CounterUnit("Mbps", "Mbit/s", Better.HIGHER),
        new CounterUnit("Ns", "ns", Better.LOWER),
        new CounterUnit("Us", "µs", Better.LOWER),
        new CounterUnit("Ms", "ms", Better.LOWER),
        new CounterUnit("KiB", "KiB", Better.LOWER),
        new CounterUnit("Bytes", "bytes", Better.LOWER));

    /** The unit {@code metric}'s name ends in; a name that is only the suffix names no unit. */
    public static Optional<CounterUnit> of(String metric) {
        return ALL.stream().filter(s -> metric.endsWith(s.suffix()) && metric.length() > s.suffix().length()).findFirst();
    }
}
