package io.drydock.runtime.image.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one owner of the ObjectMapper for images. Output is compact with map keys sorted, so the
 * same value always serialises to the same bytes, hence the same digest.
 */
public final class ImageJson {

    // Unknown properties fail by default (our own formats); the foreign wire records opt out with
    // @JsonIgnoreProperties(ignoreUnknown = true).
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ImageJson() {
    }

    /**
     * Parses {@code bytes} as a {@code type}.
     *
     * @param what names the document in the error, e.g. {@code "manifest sha256:..."}
     * @throws IOException naming {@code what} and Jackson's location when the JSON is malformed
     */
    public static <T> T read(byte[] bytes, Class<T> type, String what) throws IOException {
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new IOException(what + ": the document is JSON null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IOException(what + ": malformed " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Serialises {@code value} compactly. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
