package io.drydock.results.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a ratio's confidence interval stands against the precision a run aims for. */
public enum RatioPrecision {
    /** Enough forks on both sides, and the interval's half-width is within the target. */
    @JsonProperty("within") WITHIN,
    /** Enough forks, but the interval is wider than the target. */
    @JsonProperty("wide") WIDE,
    /** Fewer forks on a side than a trustworthy interval needs (the interval, if any, is shown but not trusted). */
    @JsonProperty("too-few-forks") TOO_FEW_FORKS
}
