package io.drydock.daemon;

/** A request the daemon refuses or fails, with the HTTP status and the message of the JSON error body. */
public final class ApiException extends Exception {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** 400: the request is malformed or asks for what drydock does not do. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404: no such object. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 409: the object is in the wrong state. */
    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
