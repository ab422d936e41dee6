package io.drydock.results.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which direction of a figure is an improvement: fewer milliseconds, or more operations per second. */
public enum Better {
    /** Smaller is better: times, bytes, cores. */
    @JsonProperty("lower") LOWER,
    /** Larger is better: throughputs. */
    @JsonProperty("higher") HIGHER;

    /**
     * Guesses the direction from a JMH unit and mode: throughput units ({@code ops/s}) and the
     * {@code thrpt} mode are higher-is-better, everything else (time per operation, bytes) lower.
     */
    public static Better fromUnitAndMode(String unit, String mode) {
        if ("thrpt".equals(mode) || (unit != null && unit.startsWith("ops/"))) {
            return HIGHER;
        }
        return LOWER;
    }
}
