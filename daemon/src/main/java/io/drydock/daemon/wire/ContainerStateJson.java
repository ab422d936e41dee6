package io.drydock.daemon.wire;

/** The State of {@code GET /containers/{id}/json}. */
public record ContainerStateJson(String status, boolean running, boolean paused, boolean restarting,
                                 boolean oOMKilled, boolean dead, int pid, int exitCode, String error,
                                 String startedAt, String finishedAt) {
}
