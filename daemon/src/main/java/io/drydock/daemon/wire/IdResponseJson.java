package io.drydock.daemon.wire;

import java.util.List;

/** {@code POST /containers/create} and {@code POST /containers/{id}/exec}: the new object's id. */
public record IdResponseJson(String id, List<String> warnings) {
}
