package io.drydock.daemon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * The daemon's one {@link ObjectMapper}: the Engine API's PascalCase names, unknown fields
 * tolerated (clients of newer API versions send more).
 */
public final class DaemonJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DaemonJson() {
    }

    /** The value as JSON bytes. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads {@code type} from a request body; an empty body is {@code null}. */
    public static <T> T read(byte[] body, Class<T> type) throws ApiException {
        if (body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApiException.badRequest("invalid JSON for " + type.getSimpleName().replace("Json", "") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the body: " + e.getMessage());
        }
    }

    /** Reads {@code type} from a string (a header or a query parameter holding JSON). */
    public static <T> T read(InputStream in, Class<T> type) throws IOException {
        return MAPPER.readValue(in, type);
    }
}
