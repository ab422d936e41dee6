package io.drydock.results.plan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes as people type them: {@code 64g}, {@code 500G}, {@code 512m}, {@code 1.5t}, {@code 1024}. */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /**
     * Bytes in {@code text}; suffixes k, m, g, t, p (optionally followed by "b" or "ib") are powers
     * of 1024, as for memory and disk sizes in most tools.
     *
     * @throws IllegalArgumentException naming the text when it is not a size
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a size; write e.g. 64g, 512m or 500G");
        }
        double v = Double.parseDouble(m.group(1));
        int power = m.group(2).isEmpty() ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        double bytes = v * Math.pow(1024, power);
        if (bytes > Long.MAX_VALUE || bytes < 1) {
            throw new IllegalArgumentException("\"" + text + "\" is out of range");
        }
        return (long) bytes;
    }

    /**
     * A fraction from "20%" or "0.2".
     *
     * @throws IllegalArgumentException when it is not in [0, 1)
     */
    public static double parseFraction(String text) {
        String t = text.strip();
        double v;
        try {
            v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100 : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a percentage; write e.g. 20% or 0.2");
        }
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException("\"" + text + "\" must be at least 0% and below 100%");
        }
        return v;
    }
}
