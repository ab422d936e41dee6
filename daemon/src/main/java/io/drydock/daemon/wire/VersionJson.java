package io.drydock.daemon.wire;

/** {@code GET /version}. */
public record VersionJson(String version, String apiVersion, String minAPIVersion, String gitCommit, String goVersion,
                          String os, String arch, String kernelVersion, String buildTime) {
}
