package io.drydock.runtime.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive copies for the model's records: an absent list or map becomes empty (the OCI spec
 * gives absent and empty the same meaning for every collection in {@code config.json}), and a
 * null element is refused with the field named.
 */
final class Copies {
    private Copies() {
    }

    static <T> List<T> list(String field, List<T> in) {
        if (in == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            T e = in.get(i);
            if (e == null) {
                throw new IllegalArgumentException(field + "[" + i + "] is null");
            }
            out.add(e);
        }
        return Collections.unmodifiableList(out);
    }

    /** Keeps insertion order, so a written config.json reads in the order it was given. */
    static <V> Map<String, V> map(String field, Map<String, V> in) {
        if (in == null) {
            return Map.of();
        }
        Map<String, V> out = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : in.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(field + "." + e.getKey() + " is null");
            }
            out.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(out);
    }
}
