package io.drydock.daemon.wire;

/** {@code GET /exec/{id}/json}. */
public record ExecInspectJson(@com.fasterxml.jackson.annotation.JsonProperty("ID") String id, boolean running,
                              Integer exitCode, String containerID, boolean openStdin, boolean openStdout,
                              boolean openStderr, int pid) {
}
