package io.drydock.conformance;

import org.opentest4j.TestAbortedException;

/**
 * A test of something the runc command line offers only "where supported" (pause and resume),
 * which the runtime says it does not have: the test is not applicable to it, which neither fails
 * nor withholds the certificate. The message names the feature.
 */
public final class OptionalFeature extends TestAbortedException {
    private static final long serialVersionUID = 1L;

    private OptionalFeature(String what) {
        super(what);
    }

    /** Ends the calling test as not applicable unless {@code offered}; {@code what} names the feature. */
    public static void require(boolean offered, String what) {
        if (!offered) {
            throw new OptionalFeature(what);
        }
    }
}
