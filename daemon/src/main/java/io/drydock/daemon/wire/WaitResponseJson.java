package io.drydock.daemon.wire;

/** {@code POST /containers/{id}/wait}: the exit code, and an error only when waiting failed. */
public record WaitResponseJson(int statusCode, WaitError error) {
    /** Why waiting failed. */
    public record WaitError(String message) {
    }
}
