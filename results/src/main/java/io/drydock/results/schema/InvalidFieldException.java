package io.drydock.results.schema;

/**
 * A value refused at construction: carries the name of the offending field so that a reader can
 * report the full path ({@code $.figures[3].forks[1][0]}) of the bad field in a file.
 */
public final class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field  the field's path relative to the object being built ({@code forks[1][0]})
     * @param reason what is wrong with it
     */
    public InvalidFieldException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    /** The field's path relative to the object that refused it. */
    public String field() {
        return field;
    }

    /** The reason without the field. */
    public String reason() {
        String m = getMessage();
        return m.substring(field.length() + 2);
    }

    static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "is required and must not be blank");
        }
        return value;
    }
}
