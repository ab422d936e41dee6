package io.drydock.runtime.cli;

import java.util.List;

/**
 * One flag of a runc command line: its names ({@code --bundle}, {@code -b}), whether it takes a
 * value, and its line in the help text.
 *
 * @param names the spellings, long names first; {@code names().get(0)} is the key the parsed
 *     arguments are read by
 * @param arity whether and how the flag takes a value
 * @param valueLabel what the value is, for help ({@code PATH}); null for a switch
 * @param description the help line
 * @param hidden accepted but left out of the help (flags kept only for runc compatibility)
 */
record Flag(List<String> names, Arity arity, String valueLabel, String description, boolean hidden) {

    /** How a flag takes its value. */
    enum Arity {
        /** A switch: present or not. */
        NONE,
        /** One value, in the next argument or after {@code =}; given twice, the last wins. */
        ONE,
        /** One value per occurrence, kept in order (repeatable flags such as {@code --env}). */
        REPEATED,
        /**
         * A value only after {@code =} or when the next argument is one of {@link #OPTIONAL_VALUES}:
         * runc's {@code --rootless} is given bare by some callers and as {@code --rootless true} by others.
         */
        OPTIONAL
    }

    /** The values an {@link Arity#OPTIONAL} flag takes from the next argument. */
    static final List<String> OPTIONAL_VALUES = List.of("auto", "true", "false");

    Flag {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a flag needs at least one name");
        }
        for (String n : names) {
            if (!n.startsWith("-") || n.length() < 2 || n.equals("--") || n.contains("=")) {
                throw new IllegalArgumentException("flag name must start with '-' and hold no '=': " + n);
            }
        }
        if ((arity == Arity.NONE) != (valueLabel == null)) {
            throw new IllegalArgumentException("flag " + names.get(0) + ": a value label exactly when it takes a value");
        }
    }

    static Flag bool(String description, String... names) {
        return new Flag(List.of(names), Arity.NONE, null, description, false);
    }

    static Flag value(String label, String description, String... names) {
        return new Flag(List.of(names), Arity.ONE, label, description, false);
    }

    static Flag repeated(String label, String description, String... names) {
        return new Flag(List.of(names), Arity.REPEATED, label, description, false);
    }

    /** The same flag, accepted but not shown in help. */
    Flag hide() {
        return new Flag(names, arity, valueLabel, description, true);
    }

    /** The key the parsed arguments are read by: the first name without its dashes. */
    String key() {
        return bare(names.get(0));
    }

    /**
     * Whether {@code spelling} (dashes included, no {@code =value}) names this flag. As runc's Go
     * flag parsing does, one dash or two are both accepted for every name: {@code -root} and
     * {@code --root}, {@code -b} and {@code --b}.
     */
    boolean matches(String spelling) {
        String bare = bare(spelling);
        for (String n : names) {
            if (bare(n).equals(bare)) {
                return true;
            }
        }
        return false;
    }

    private static String bare(String s) {
        return s.startsWith("--") ? s.substring(2) : s.substring(1);
    }
}
