package io.drydock.platform;

/** A platform could not start, wait for or remove an instance; the message names the platform and what failed. */
public class PlatformException extends Exception {
    private static final long serialVersionUID = 1L;

    public PlatformException(String platform, String message) {
        super(platform + ": " + message);
    }

    public PlatformException(String platform, String message, Throwable cause) {
        super(platform + ": " + message, cause);
    }
}
