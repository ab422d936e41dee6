package io.drydock.runtime.image.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * drydock's own record of a container snapshot ({@code snapshots/<key>.json}, or
 * {@code snapshot.json} in its directory in the earlier layout): the layers under it. Our own
 * format, so unknown fields are rejected.
 *
 * @param version format version, 1
 * @param layers  DiffIDs, bottom layer first
 */
public record SnapshotJson(@JsonProperty(required = true) int version,
                           @JsonProperty(required = true) List<String> layers) {
}
