package io.drydock.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark class whose every invocation is a whole instance run (start, workload, remove)
 * that reports its figures itself: its own {@code @Warmup}/{@code @Measurement} counts hold under
 * every profile of {@code drydock bench}, which sets only the number of forks (and the workload's
 * size, see {@link WorkloadScale}). A profile's iteration counts are meant for benchmarks that
 * repeat a small act; for a VM under TCG each extra iteration would be another boot.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WholeInstanceRuns {
}
