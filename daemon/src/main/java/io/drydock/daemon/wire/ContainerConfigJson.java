package io.drydock.daemon.wire;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create} (ContainerConfig with HostConfig), in the parts
 * drydock's engine acts on; the inspect output's {@code Config} reuses it.
 */
public record ContainerConfigJson(String image, List<String> cmd, List<String> entrypoint, List<String> env,
                                  String workingDir, String user, Boolean tty, Boolean openStdin, Boolean stdinOnce,
                                  Boolean attachStdin, Boolean attachStdout, Boolean attachStderr, String hostname,
                                  Map<String, Object> exposedPorts, Map<String, String> labels,
                                  HostConfigJson hostConfig) {
}
