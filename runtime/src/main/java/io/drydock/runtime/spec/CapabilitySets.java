package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.drydock.runtime.security.Capability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five capability sets of the process, by name ({@code "CAP_KILL"}). Turn one into a kernel
 * bit set with {@link Capability#mask(java.util.Collection)}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CapabilitySets(
        List<String> bounding,
        List<String> effective,
        List<String> inheritable,
        List<String> permitted,
        List<String> ambient) {

    public CapabilitySets {
        bounding = Copies.list("bounding", bounding);
        effective = Copies.list("effective", effective);
        inheritable = Copies.list("inheritable", inheritable);
        permitted = Copies.list("permitted", permitted);
        ambient = Copies.list("ambient", ambient);
    }

    /** Every set keyed by its JSON name. */
    public Map<String, List<String>> byName() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("bounding", bounding);
        m.put("effective", effective);
        m.put("inheritable", inheritable);
        m.put("permitted", permitted);
        m.put("ambient", ambient);
        return m;
    }
}
