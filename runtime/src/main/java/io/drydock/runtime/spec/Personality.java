package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code linux.personality}: the execution domain ({@code personality(2)}).
 *
 * @param domain {@code LINUX} or {@code LINUX32}; required
 * @param flags  none are defined by the spec yet
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Personality(String domain, List<String> flags) {
    public Personality {
        flags = Copies.list("flags", flags);
    }
}
