package io.drydock.runtime.image;

import java.io.IOException;

/**
 * A failure in the image layer: a malformed image, a missing blob, a refused layer entry. Every
 * instance names the operation and the object (blob, file, reference, entry) it failed on.
 */
public class ImageException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String subject;

    /**
     * @param operation what was being done, e.g. {@code "read blob"}
     * @param subject   what it was done to, e.g. a digest, a path or an entry name
     * @param reason    why it failed
     */
    public ImageException(String operation, String subject, String reason) {
        this(operation, subject, reason, null);
    }

    /** As {@link #ImageException(String, String, String)}, with a cause. */
    public ImageException(String operation, String subject, String reason, Throwable cause) {
        super(operation + " " + subject + ": " + reason, cause);
        this.operation = operation;
        this.subject = subject;
    }

    /** What was being done. */
    public String operation() {
        return operation;
    }

    /** What it was done to. */
    public String subject() {
        return subject;
    }
}
