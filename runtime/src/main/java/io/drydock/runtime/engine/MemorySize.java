package io.drydock.runtime.engine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses memory sizes as {@code docker run --memory} takes them: {@code 64m}, {@code 1g}, {@code 512k}, {@code 1048576}. */
public final class MemorySize {
    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([bkmg]?)b?");
    /** Below this a container cannot start its init; docker's floor is 6 MiB too. */
    public static final long MINIMUM = 6L * 1024 * 1024;

    private MemorySize() {
    }

    /**
     * Bytes in {@code value}: a number with an optional unit b, k, m or g (powers of 1024,
     * case-insensitive, an optional trailing {@code b}).
     *
     * @param option the option name for the message, e.g. {@code --memory}
     * @throws IllegalArgumentException naming the option and value when it is malformed, overflows
     *                                  or is below {@link #MINIMUM}
     */
    public static long parse(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + ": no size given");
        }
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a size (e.g. 64m, 1g, 512k)");
        }
        long unit = switch (m.group(2)) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            case "g" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        double bytes = Double.parseDouble(m.group(1)) * unit;
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException(option + " '" + value + "' is too large");
        }
        long result = (long) bytes;
        if (result < MINIMUM) {
            throw new IllegalArgumentException(option + " '" + value + "' is below the minimum of 6m");
        }
        return result;
    }
}
