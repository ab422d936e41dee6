package io.drydock.runtime.image.registry;

import io.drydock.runtime.image.ImageException;

/** A registry answered with an unexpected status, or could not be reached. */
public final class RegistryException extends ImageException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param operation what was being done, e.g. {@code "upload blob"}
     * @param url       the request's URL
     * @param status    the HTTP status, or 0 when there was no response
     * @param reason    what went wrong (the registry's error body, trimmed)
     */
    public RegistryException(String operation, String url, int status, String reason, Throwable cause) {
        super(operation, url, (status > 0 ? "HTTP " + status + ": " : "") + reason, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when there was no response. */
    public int status() {
        return status;
    }
}
