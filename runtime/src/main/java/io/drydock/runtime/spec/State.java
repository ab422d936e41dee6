package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;

/**
 * The OCI state of a container, as {@code drydock state} prints it (runtime-spec {@code runtime.md}).
 *
 * @param ociVersion  the runtime-spec version of this document
 * @param id          the container id
 * @param status      the lifecycle status
 * @param pid         the container process id as seen from the host; required when created or running
 * @param bundle      absolute path of the bundle directory
 * @param annotations the annotations of the container's config
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record State(
        String ociVersion,
        ContainerId id,
        Status status,
        Integer pid,
        String bundle,
        Map<String, String> annotations) {

    /** Lifecycle status, written in lower case. */
    public enum Status {
        CREATING, CREATED, RUNNING, STOPPED;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Reads the lower-case JSON name. */
        @JsonCreator
        public static Status fromJson(String name) {
            return Arrays.stream(values()).filter(s -> s.jsonName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                    "unknown status '" + name + "' (expected creating, created, running or stopped)"));
        }
    }

    public State {
        required(ociVersion, "ociVersion");
        required(id, "id");
        required(status, "status");
        required(bundle, "bundle");
        if (!bundle.startsWith("/")) {
            throw new IllegalArgumentException("bundle must be an absolute path: " + bundle);
        }
        if ((status == Status.CREATED || status == Status.RUNNING) && (pid == null || pid <= 0)) {
            throw new IllegalArgumentException("pid is required when status is " + status.jsonName());
        }
        annotations = annotations == null ? null : Copies.map("annotations", annotations);
    }

    private static void required(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    /** A state with the current spec version. */
    public static State of(ContainerId id, Status status, Integer pid, String bundle, Map<String, String> annotations) {
        return new State(Spec.OCI_VERSION, id, status, pid, bundle, annotations);
    }
}
