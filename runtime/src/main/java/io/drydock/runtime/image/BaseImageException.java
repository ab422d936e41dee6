package io.drydock.runtime.image;

/**
 * A catalogue image ({@link BaseImages}) that could not be made on this host: busybox-static
 * missing, debootstrap failing. It is never a registry's failure: catalogue images are not pulled.
 */
public final class BaseImageException extends ImageException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * @param name   the image, as people write it ({@code busybox})
     * @param origin how it is made ("from the host's busybox-static")
     * @param cause  why making it failed
     */
    public BaseImageException(String name, String origin, Throwable cause) {
        super("make base image", name, "made on this host " + origin + ", which failed: " + cause.getMessage(),
                cause);
        this.reason = cause.getMessage();
    }

    /** Why making it failed, without the operation and name around it. */
    public String reason() {
        return reason;
    }
}
