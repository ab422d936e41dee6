package io.drydock.runtime.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one owner of this package's {@link ObjectMapper}. CNI JSON is read as trees: it is a foreign format. */
final class CniJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CniJson() {
    }

    /** Reads a JSON object, naming {@code what} when it is not one. */
    static ObjectNode object(String json, String what) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ObjectNode o) {
                return o;
            }
            throw new IllegalArgumentException(what + " is not a JSON object: " + abbreviate(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage()
                    + " in " + abbreviate(json), e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "<nothing>";
        }
        String t = s.strip();
        return t.length() <= 300 ? t : t.substring(0, 300) + "...";
    }
}
