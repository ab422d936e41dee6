package io.drydock.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What one conformance test checks: the runtime-spec section (or drydock's claim) and whether it
 * is a MUST or a SHOULD. Every test method of the suite carries one; the area comes from the
 * class's {@link Conformance}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requirement {
    /** The runtime-spec section or the claim, e.g. {@code "runtime-spec: Operations, delete"}. */
    String section();

    /** MUST or SHOULD. */
    Level level() default Level.MUST;
}
