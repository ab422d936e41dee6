package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lifecycle hooks, each list run in order at its point of the lifecycle.
 * {@code prestart} is deprecated by the spec in favour of {@code createRuntime} but still honoured.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Hooks(
        List<Hook> prestart,
        List<Hook> createRuntime,
        List<Hook> createContainer,
        List<Hook> startContainer,
        List<Hook> poststart,
        List<Hook> poststop) {

    /** The hook names in lifecycle order, as {@code config.json} and {@code features} spell them. */
    public static final List<String> NAMES = List.of(
        "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    public Hooks {
        prestart = Copies.list("prestart", prestart);
        createRuntime = Copies.list("createRuntime", createRuntime);
        createContainer = Copies.list("createContainer", createContainer);
        startContainer = Copies.list("startContainer", startContainer);
        poststart = Copies.list("poststart", poststart);
        poststop = Copies.list("poststop", poststop);
    }

    /** Every hook list keyed by its JSON name, in {@link #NAMES} order. */
    public Map<String, List<Hook>> byName() {
        Map<String, List<Hook>> m = new LinkedHashMap<>();
        m.put("prestart", prestart);
        m.put("createRuntime", createRuntime);
        m.put("createContainer", createContainer);
        m.put("startContainer", startContainer);
        m.put("poststart", poststart);
        m.put("poststop", poststop);
        return m;
    }
}
