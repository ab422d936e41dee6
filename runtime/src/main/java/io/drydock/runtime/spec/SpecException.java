package io.drydock.runtime.spec;

import java.nio.file.Path;

/**
 * A {@code config.json} (or state/features document) that cannot be read, parsed or accepted.
 * Carries the file and the JSON field path ({@code process.args[0]}, {@code linux.namespaces[2].type})
 * when they are known.
 */
public class SpecException extends Exception {
    private final Path file;
    private final String field;
    private final String reason;

    /**
     * @param file   the file read, or null for in-memory input
     * @param field  the JSON field path, or null when the problem is not one field's
     * @param reason what is wrong, without the file and field (they are added to the message)
     * @param cause  the underlying failure, or null
     */
    public SpecException(Path file, String field, String reason, Throwable cause) {
        super(format(file, field, reason), cause);
        this.file = file;
        this.field = field;
        this.reason = reason;
    }

    private static String format(Path file, String field, String reason) {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file).append(": ");
        }
        if (field != null && !field.isEmpty()) {
            b.append(field).append(": ");
        }
        return b.append(reason).toString();
    }

    /** The file, or null for in-memory input. */
    public Path file() {
        return file;
    }

    /** The JSON field path, or null. */
    public String field() {
        return field;
    }

    /** The problem without file and field. */
    public String reason() {
        return reason;
    }
}
