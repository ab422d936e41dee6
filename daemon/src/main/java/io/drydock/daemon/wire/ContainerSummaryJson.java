package io.drydock.daemon.wire;

import java.util.List;
import java.util.Map;

/** An entry of {@code GET /containers/json}. */
public record ContainerSummaryJson(String id, List<String> names, String image, String imageID, String command,
                                   long created, List<PortJson> ports, Map<String, String> labels, String state,
                                   String status, Map<String, String> hostConfig, List<Object> mounts) {
}
