package io.drydock.daemon.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One message of {@code GET /events} (with the deprecated lower-case fields older clients read). */
public record EventJson(@JsonProperty("Type") String type, @JsonProperty("Action") String action,
                        @JsonProperty("Actor") Actor actor, @JsonProperty("scope") String scope,
                        @JsonProperty("time") long time, @JsonProperty("timeNano") long timeNano,
                        @JsonProperty("status") String status, @JsonProperty("id") String id,
                        @JsonProperty("from") String from) {
    /** What the event is about. */
    public record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {
    }
}
