package io.drydock.results.schema;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.drydock.results.jmh.JmhJsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Reads and writes result files; the one owner of the {@link ObjectMapper} for them. Reads both
 * drydock result files (strictly: unknown fields are refused) and JMH's JSON output (leniently, as
 * JMH adds fields between versions), telling them apart by their shape: a JMH file is an array, a
 * result file an object with a {@code "schema"} field.
 */
public final class ResultCodec {
    private final ObjectMapper mapper;

    /** A codec with drydock's settings. */
    public ResultCodec() {
        mapper = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Reads a drydock result file, or a JMH JSON file (whose machine is then {@link MachineInfo#unknown()}).
     *
     * @throws ResultFormatException naming the file and the JSON path of the bad field
     * @throws IOException           if the file cannot be read at all
     */
    public ResultFile read(Path file) throws ResultFormatException, IOException {
        JsonNode root = readTree(file);
        if (root.isArray()) {
            Instant when = Files.getLastModifiedTime(file).toInstant();
            return ResultFile.of(when, MachineInfo.unknown(), new JmhJsonReader().figures(root, file));
        }
        if (!root.isObject()) {
            throw new ResultFormatException(file, "$", "is neither a drydock result (an object) nor JMH JSON (an array)");
        }
        JsonNode schema = root.get("schema");
        if (schema == null) {
            String hint = root.has("benchmark") || root.has("primaryMetric")
                    ? "it looks like one JMH entry, but JMH files are arrays of entries"
                    : "it has no \"schema\" field, so it is not a drydock result file";
            throw new ResultFormatException(file, "$.schema", hint);
        }
        if (!schema.isTextual() || !ResultFile.READABLE.contains(schema.asText())) {
            throw new ResultFormatException(file, "$.schema", "schema " + schema
                    + " is not supported; this drydock reads " + ResultFile.READABLE);
        }
        JsonNode figures = root.get("figures");
        if (figures != null && figures.isArray()) {
            for (int i = 0; i < figures.size(); i++) {
                if (figures.get(i).has("primaryMetric") || figures.get(i).has("jmhVersion")) {
                    throw new ResultFormatException(file, "$.figures[" + i + "]", "is a JMH benchmark entry inside a"
                            + " drydock result file: the file mixes two schemas. Convert JMH output with drydock"
                            + " instead of pasting it in");
                }
            }
        }
        try {
            return mapper.treeToValue(root, ResultFile.class);
        } catch (JsonProcessingException e) {
            throw translate(file, e);
        }
    }

    /** Writes {@code result} as indented JSON, replacing {@code file}. */
    public void write(ResultFile result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        mapper.writeValue(file.toFile(), result);
    }

    /** {@code result} as indented JSON text. */
    public String toJson(ResultFile result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated result file failed to serialise", e);
        }
    }

    private JsonNode readTree(Path file) throws ResultFormatException, IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new ResultFormatException(file, null, "the file is empty");
        }
        try {
            return mapper.readTree(bytes);
        } catch (JsonEOFException e) {
            throw new ResultFormatException(file, null, "the JSON is truncated: it ends at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + " inside an unfinished value", e);
        } catch (JsonParseException e) {
            throw new ResultFormatException(file, null, "not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static ResultFormatException translate(Path file, JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m)) {
            return new ResultFormatException(file, null, e.getOriginalMessage(), e);
        }
        String path = jsonPath(m.getPath());
        if (m instanceof ValueInstantiationException && m.getCause() instanceof InvalidFieldException f) {
            return new ResultFormatException(file, path + "." + f.field(), f.reason(), e);
        }
        if (m instanceof UnrecognizedPropertyException u) {
            return new ResultFormatException(file, path, "unknown field \"" + u.getPropertyName()
                    + "\" (a drydock result file allows only " + u.getKnownPropertyIds() + " here)", e);
        }
        return new ResultFormatException(file, path, m.getOriginalMessage(), e);
    }

    /** Jackson's reference chain as {@code $.figures[2].forks}. */
    static String jsonPath(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder("$");
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                b.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
