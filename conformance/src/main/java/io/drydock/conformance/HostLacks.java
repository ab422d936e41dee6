package io.drydock.conformance;

import org.opentest4j.TestAbortedException;

/**
 * A declared skip: the test cannot run because the host (or the runtime, by its own declaration)
 * lacks a capability, which the message names. A certificate with such skips is "partial"; any
 * other skip is undeclared and withholds the certificate.
 */
public final class HostLacks extends TestAbortedException {
    private static final long serialVersionUID = 1L;

    private HostLacks(String what) {
        super(what);
    }

    /** Skips the calling test, declared, unless {@code present}; {@code what} names the missing capability. */
    public static void require(boolean present, String what) {
        if (!present) {
            throw new HostLacks(what);
        }
    }
}
