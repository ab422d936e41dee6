package io.drydock.daemon.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One line of the JSON message streams of pull, push, load and build: a {@code status} (pull,
 * push), a {@code stream} text (build, load), an {@code aux} object (an image id or a pushed
 * digest) or an {@code error}; absent fields are left out, as the docker CLI tells the kinds apart
 * by which fields are present.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressJson(@JsonProperty("status") String status, @JsonProperty("id") String id,
                           @JsonProperty("stream") String stream, @JsonProperty("aux") Map<String, Object> aux,
                           @JsonProperty("error") String error, @JsonProperty("errorDetail") ErrorJson errorDetail) {
    /** A status line. */
    public static ProgressJson status(String text) {
        return new ProgressJson(text, null, null, null, null, null);
    }

    /** A text to print as it is (a build's or a load's output). */
    public static ProgressJson stream(String text) {
        return new ProgressJson(null, null, text, null, null, null);
    }

    /** An aux object. */
    public static ProgressJson aux(Map<String, Object> aux) {
        return new ProgressJson(null, null, null, aux, null, null);
    }

    /** The failure that ends the stream. */
    public static ProgressJson error(String message) {
        return new ProgressJson(null, null, null, null, message, new ErrorJson(message));
    }
}
