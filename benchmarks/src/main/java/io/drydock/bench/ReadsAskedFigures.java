package io.drydock.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link WorkloadRuns} benchmark whose forks, told which figures their round reads
 * ({@link BenchmarkProfile#reads()}, {@link BenchmarkProfile#READS_PROPERTY}), do only the work
 * behind those: disk I/O runs fio's random-read job alone when a goal needs random reads, memory
 * its STREAM kernel without the random reads, CPU only the sysbench runs or hashing asked. Every
 * figure it reports stays measured the same way whichever figures a round reads; the others are
 * left unset, and {@link BenchmarkSession} keeps from such a round only the figures it asked for.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadsAskedFigures {
}
