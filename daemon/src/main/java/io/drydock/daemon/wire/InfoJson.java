package io.drydock.daemon.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /info}: counts and the host, in the fields the docker CLI prints. */
public record InfoJson(@JsonProperty("ID") String id, int containers, int containersRunning, int containersPaused,
                       int containersStopped, int images, String driver, String dockerRootDir, String cgroupDriver,
                       String cgroupVersion, String kernelVersion, String operatingSystem, @JsonProperty("OSType") String osType,
                       String architecture, @JsonProperty("NCPU") int ncpu, long memTotal, String name,
                       String serverVersion, String loggingDriver, String defaultRuntime) {
}
