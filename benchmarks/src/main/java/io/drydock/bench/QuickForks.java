package io.drydock.bench;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The forks a benchmark class runs under {@code drydock bench --quick}, where that is fewer than
 * the profile's: for benchmarks whose figures barely move between forks (bytes on disk, idle
 * memory) or whose forks are dear (dozens of instances, servers and clients set up per fork, or
 * a JVM and an instance whose set-up costs more than the workload's own seconds), so that
 * {@code --quick} stays within minutes. The default profile keeps the class's {@code @Fork}
 * count and its precision rounds.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface QuickForks {
    /** Forks under {@code --quick}, at least 1. */
    int value();
}
