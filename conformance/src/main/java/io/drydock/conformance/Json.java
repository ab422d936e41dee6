package io.drydock.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The conformance module's one ObjectMapper: config.json trees, state JSON, runtime descriptions. */
public final class Json {
    /** The mapper; configured once, shared. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** Parses {@code text}; {@code what} names it in the error. */
    public static JsonNode parse(String text, String what) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(what + " is not JSON: " + e.getMessage() + "; it was: " + text.strip(), e);
        }
    }

    /** A new empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
