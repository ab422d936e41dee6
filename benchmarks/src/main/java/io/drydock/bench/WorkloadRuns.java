package io.drydock.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark class whose every invocation is one whole run of a workload tool (an instance
 * started, run and removed; or a client such as iperf3 run against a server the trial started) that
 * reports its figures itself, as auxiliary counters. Its own {@code @Warmup}/{@code @Measurement}
 * counts hold under every profile of {@code drydock bench}, which sets only the number of forks (and
 * the workload's size, see {@link WorkloadScale}): a profile's iteration counts are meant for
 * benchmarks that repeat a small act, and for a VM under TCG each extra iteration costs seconds to
 * minutes. Its primary metric, the time of the whole run, is not reported as a figure.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WorkloadRuns {
}
