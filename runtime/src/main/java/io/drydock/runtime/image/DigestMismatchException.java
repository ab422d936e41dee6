package io.drydock.runtime.image;

/** Content whose digest is not the one it was stored or announced under. */
public final class DigestMismatchException extends ImageException {
    private static final long serialVersionUID = 1L;

    private final Digest expected;
    private final Digest actual;

    /**
     * @param operation what was being done
     * @param subject   where the content came from
     * @param expected  the digest the content should have
     * @param actual    the digest it has
     */
    public DigestMismatchException(String operation, String subject, Digest expected, Digest actual) {
        super(operation, subject, "content has digest " + actual + ", expected " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    /** The digest the content should have. */
    public Digest expected() {
        return expected;
    }

    /** The digest the content has. */
    public Digest actual() {
        return actual;
    }
}
