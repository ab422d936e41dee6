package io.drydock.daemon.wire;

/** The body of {@code POST /exec/{id}/start}. */
public record ExecStartJson(Boolean detach, Boolean tty) {
}
