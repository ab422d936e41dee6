package io.drydock.runtime.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one owner of the Jackson {@link ObjectMapper} for the runtime-spec documents: {@code config.json},
 * the state and the features structure. Reading is strict about types (no {@code "1"} for a number,
 * no {@code 1} for a string, no {@code null} inside a list) and tolerant of unknown properties, as
 * the runtime-spec requires of {@code config.json}. Every failure is a {@link SpecException} naming
 * the file and the JSON field path.
 */
public final class SpecJson {
    /** The file name of a bundle's configuration. */
    public static final String CONFIG_FILE = "config.json";

    private static final ObjectMapper MAPPER = newMapper();

    private SpecJson() {
    }

    private static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
            // config.md, "Extensibility": a runtime reading config.json must not fail on an
            // unknown property but ignore it; that is how newer spec versions extend the format.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("no-nul-strings")
                .addDeserializer(String.class, new NulFreeString())
                .addKeyDeserializer(String.class, new NulFreeKey()))
            .build();
        // Scalars are never coerced into strings: "args": [1] is a type error, not "1".
        mapper.coercionConfigFor(LogicalType.Textual)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // A null inside a list or a map is a mistake in the file; say where it is.
        mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        mapper.configOverride(Map.class).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        return mapper;
    }

    /**
     * Strings without NUL: every string of a config ends up a C string (a path, an argument, an
     * environment entry, a mount option) where a NUL would silently cut it short. Refused while
     * parsing, so the message names the field ({@code process.args[1]: contains a NUL byte}).
     */
    private static final class NulFreeString extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw JsonMappingException.from(p, NUL_REASON);
            }
            return value;
        }
    }

    /** Map keys without NUL (sysctl names, annotation and cgroup file names), as {@link NulFreeString}. */
    private static final class NulFreeKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (key.indexOf('\0') >= 0) {
                throw JsonMappingException.from(ctxt, "key \"" + key.replace("\0", "\\0") + "\" " + NUL_REASON);
            }
            return key;
        }
    }

    private static final String NUL_REASON = "contains a NUL byte";

    /** Reads {@code <bundle>/config.json}. */
    public static Spec readBundle(Path bundle) throws SpecException {
        return readConfig(bundle.resolve(CONFIG_FILE));
    }

    /** Reads a {@code config.json} file. */
    public static Spec readConfig(Path file) throws SpecException {
        return parse(read(file), Spec.class, file);
    }

    /**
     * Parses {@code config.json} text.
     *
     * @param source the file name for messages, or null
     */
    public static Spec parseConfig(String json, Path source) throws SpecException {
        return parse(json, Spec.class, source);
    }

    /** The JSON text of a spec (indented, absent and empty members left out). */
    public static String write(Spec spec) {
        return toJson(spec);
    }

    /** Writes a spec to {@code file}, replacing it. */
    public static void writeConfig(Spec spec, Path file) throws SpecException {
        try {
            Files.writeString(file, toJson(spec) + "\n");
        } catch (IOException e) {
            throw new SpecException(file, null, "cannot write: " + e, e);
        }
    }

    /** Parses a state document. */
    public static State parseState(String json, Path source) throws SpecException {
        return parse(json, State.class, source);
    }

    /** The JSON text of a state. */
    public static String write(State state) {
        return toJson(state);
    }

    /** Parses a features document. */
    public static Features parseFeatures(String json, Path source) throws SpecException {
        return parse(json, Features.class, source);
    }

    /** The JSON text of a features document. */
    public static String write(Features features) {
        return toJson(features);
    }

    /**
     * The bytes of a {@code config.json} file, for callers that parse them with
     * {@link #parseConfig} and also keep a copy; errors name the file as {@link #readConfig} does.
     */
    public static byte[] readConfigBytes(Path file) throws SpecException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(file, null, "no such file", e);
        } catch (IOException e) {
            throw new SpecException(file, null, "cannot read: " + e, e);
        }
    }

    private static String read(Path file) throws SpecException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(file, null, "no such file", e);
        } catch (IOException e) {
            throw new SpecException(file, null, "cannot read: " + e, e);
        }
    }

    private static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Our records hold only strings, numbers, lists and maps; this cannot happen.
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T parse(String json, Class<T> type, Path source) throws SpecException {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new SpecException(source, null, "expected a JSON object, found null", null);
            }
            return value;
        } catch (JsonMappingException e) {
            throw new SpecException(source, fieldPath(e), describe(e), e);
        } catch (JsonProcessingException e) {
            throw new SpecException(source, null, "not valid JSON" + at(e.getLocation()) + ": "
                + e.getOriginalMessage(), e);
        }
    }

    /** {@code process.args[0]}, from Jackson's reference chain. */
    static String fieldPath(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof InvalidNullException) {
            return "must not be null";
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + jsonKind(m.getTargetType()) + at(e.getLocation());
        }
        return e.getOriginalMessage() + at(e.getLocation());
    }

    /** How a Java target type is spelled in JSON terms, for "expected ..." messages. */
    private static String jsonKind(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "an integer";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String at(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) {
            return "";
        }
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}
