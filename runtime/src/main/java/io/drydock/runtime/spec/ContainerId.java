package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container id: non-empty, only {@code [A-Za-z0-9_.+-]}, and neither {@code "."} nor
 * {@code ".."}. The id names a directory under the runtime's state root, so these rules also
 * keep it from naming any other path.
 */
public record ContainerId(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.+-]+");
    /** The id names a state directory, so it must fit NAME_MAX. */
    public static final int MAX_LENGTH = 255;

    public ContainerId {
        String problem = problem(value).orElse(null);
        if (problem != null) {
            throw new IllegalArgumentException("invalid container id '" + value + "': " + problem);
        }
    }

    /** Parses an id, e.g. from the command line. */
    @JsonCreator
    public static ContainerId of(String value) {
        return new ContainerId(value);
    }

    /** Why {@code value} is not a valid id, or empty if it is. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (value.contains("/")) {
            return Optional.of("must not contain '/'");
        }
        if (value.equals(".") || value.equals("..")) {
            return Optional.of("must not be '.' or '..'");
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of("longer than " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(value).matches()) {
            return Optional.of("may contain only letters, digits and _ . + -");
        }
        return Optional.empty();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
