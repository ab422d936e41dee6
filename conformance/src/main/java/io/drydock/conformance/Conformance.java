package io.drydock.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a class of the conformance suite: its area, and whether its tests exercise drydock's
 * engine (overlay images, bridge network, port mapping) rather than a bare OCI runtime. Engine
 * tests are "not applicable" to runc, crun or another bare runtime binary.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(RuntimeExtension.class)
public @interface Conformance {
    /** The area the class's tests belong to. */
    Area area();

    /** True when the tests need drydock's engine (images, snapshots, networks). */
    boolean engine() default false;

    /** True when the class certifies drydock's VM platform; such classes run only for {@code --runtime vm}. */
    boolean vm() default false;
}
