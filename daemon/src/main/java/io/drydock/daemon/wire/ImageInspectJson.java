package io.drydock.daemon.wire;

import java.util.List;
import java.util.Map;

/** {@code GET /images/{name}/json}. */
public record ImageInspectJson(String id, List<String> repoTags, List<String> repoDigests, String created,
                               String architecture, String os, long size, long virtualSize, Config config,
                               RootFs rootFS) {
    /** The image's run configuration. */
    public record Config(List<String> env, List<String> cmd, List<String> entrypoint, String workingDir, String user,
                         Map<String, Object> exposedPorts, Map<String, String> labels, String stopSignal) {
    }

    /** Its layers by diff id. */
    public record RootFs(String type, List<String> layers) {
    }
}
