package io.drydock.daemon;

import io.drydock.daemon.wire.EventJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} of {@code GET /events}: {@code type}, {@code event}, {@code container}
 * (id, id prefix or name) and {@code image}; values of one key are alternatives, keys all apply.
 */
record EventFilter(Map<String, List<String>> filters) {
    private static final List<String> KNOWN = List.of("type", "event", "container", "image");

    static EventFilter parse(String json) throws ApiException {
        if (json == null || json.isBlank()) {
            return new EventFilter(Map.of());
        }
        Map<String, Object> raw;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = DaemonJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Map.class);
            raw = m;
        } catch (IOException e) {
            throw ApiException.badRequest("filters: not JSON: " + json);
        }
        Map<String, List<String>> out = new java.util.HashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            if (!KNOWN.contains(e.getKey())) {
                throw ApiException.badRequest("filters: '" + e.getKey() + "' is not one of " + KNOWN);
            }
            // {"type":["container"]} or the older {"type":{"container":true}}
            List<String> values = e.getValue() instanceof Map<?, ?> m
                    ? m.keySet().stream().map(Object::toString).toList()
                    : e.getValue() instanceof List<?> l ? l.stream().map(Object::toString).toList()
                    : List.of(String.valueOf(e.getValue()));
            out.put(e.getKey(), values);
        }
        return new EventFilter(Map.copyOf(out));
    }

    boolean matches(EventJson e) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            boolean any = switch (f.getKey()) {
                case "type" -> f.getValue().contains(e.type());
                case "event" -> f.getValue().contains(e.action());
                case "container" -> e.type().equals("container") && f.getValue().stream().anyMatch(v ->
                        e.id().startsWith(v) || v.equals(e.actor().attributes().get("name")));
                case "image" -> f.getValue().stream().anyMatch(v -> v.equals(e.actor().attributes().get("image"))
                        || v.equals(e.actor().attributes().get("name")));
                default -> true;
            };
            if (!any) {
                return false;
            }
        }
        return true;
    }
}
