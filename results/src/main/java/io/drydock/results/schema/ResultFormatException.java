package io.drydock.results.schema;

import java.nio.file.Path;

/**
 * A results or JMH file that cannot be read: empty, truncated, not JSON, of an unknown schema, or
 * with a bad field. The message names the file and, where there is one, the JSON path of the field.
 */
public final class ResultFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String jsonPath;

    /**
     * @param file     the file read
     * @param jsonPath the path of the bad field ({@code $.figures[2].unit}), or null for the whole file
     * @param reason   what is wrong
     */
    public ResultFormatException(Path file, String jsonPath, String reason) {
        this(file, jsonPath, reason, null);
    }

    /** As {@link #ResultFormatException(Path, String, String)}, keeping the parser's exception as cause. */
    public ResultFormatException(Path file, String jsonPath, String reason, Throwable cause) {
        super(file + (jsonPath == null ? "" : " at " + jsonPath) + ": " + reason, cause);
        this.file = file;
        this.jsonPath = jsonPath;
    }

    /** The file that was read. */
    public Path file() {
        return file;
    }

    /** The JSON path of the bad field, or null when the file as a whole is bad. */
    public String jsonPath() {
        return jsonPath;
    }
}
