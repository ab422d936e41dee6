package io.drydock.runtime.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;

/**
 * One line of {@code list}: runc's fields.
 *
 * @param id      container id
 * @param pid     init pid, 0 when stopped
 * @param status  OCI status name
 * @param bundle  bundle path
 * @param created ISO-8601 creation time
 */
public record ContainerSummary(String id, int pid, String status, String bundle, String created) {
    /** The JSON array {@code list --format json} prints. */
    public static String toJson(List<ContainerSummary> all) {
        try {
            return StateStore.json().writerWithDefaultPrettyPrinter().writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render container list", e);
        }
    }
}
