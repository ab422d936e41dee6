package io.drydock.daemon.wire;

import java.util.List;
import java.util.Map;

/** An entry of {@code GET /images/json}. */
public record ImageSummaryJson(String id, String parentId, List<String> repoTags, List<String> repoDigests,
                               long created, long size, long sharedSize, long virtualSize,
                               Map<String, String> labels, int containers) {
}
