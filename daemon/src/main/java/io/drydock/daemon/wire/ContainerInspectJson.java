package io.drydock.daemon.wire;

import java.util.List;
import java.util.Map;

/** {@code GET /containers/{id}/json}: the parts the docker CLI reads (state, config, ports). */
public record ContainerInspectJson(String id, String created, String path, List<String> args, ContainerStateJson state,
                                   String image, String name, String hostname, int restartCount, String driver,
                                   String platform, ContainerConfigJson config, HostConfigJson hostConfig,
                                   NetworkSettingsJson networkSettings, List<Object> mounts, String logPath) {
}
