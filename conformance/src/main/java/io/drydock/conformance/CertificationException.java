package io.drydock.conformance;

/** A certification run cannot be done: an unknown runtime, a host without what the suite needs, unwritable output. */
public final class CertificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public CertificationException(String message) {
        super(message);
    }

    public CertificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
