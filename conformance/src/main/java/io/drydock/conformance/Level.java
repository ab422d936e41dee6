package io.drydock.conformance;

/** How strongly the runtime-spec (or drydock's claim) asks for what a test checks (RFC 2119 words). */
public enum Level {
    /** A failure means the runtime is not certified. */
    MUST,
    /** A failure is reported but does not withhold the certificate. */
    SHOULD
}
