package io.drydock.runtime.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.math.BigInteger;

/**
 * JSON form of the spec's {@code uint64} fields (rlimits, seccomp argument values) held in a Java
 * {@code long} as its unsigned bit pattern: 18446744073709551615 (RLIM_INFINITY) reads as -1L
 * and is written back as 18446744073709551615.
 */
final class Uint64Json {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Uint64Json() {
    }

    static final class Deserializer extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            // reportInputMismatch with this deserializer (no handled type) keeps our message as is.
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                String got = p.currentToken() == JsonToken.VALUE_STRING
                    ? "the string \"" + p.getText() + "\"" : p.getText();
                return ctxt.reportInputMismatch(this, "expected an unsigned 64-bit integer, got %s", got);
            }
            BigInteger v = p.getBigIntegerValue();
            if (v.signum() < 0 || v.compareTo(MAX) > 0) {
                return ctxt.reportInputMismatch(this,
                    "expected an unsigned 64-bit integer (0 to 18446744073709551615), got %s", v);
            }
            return v.longValue();
        }
    }

    static final class Serializer extends JsonSerializer<Long> {
        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }
}
