package io.drydock.daemon.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The Engine API's error body: {@code {"message": ...}}. */
public record ErrorJson(@JsonProperty("message") String message) {
}
