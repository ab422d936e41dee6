package io.drydock.runtime.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one runc command accepts: its flags and its positional arguments, and how to print them.
 * Parsing follows runc's Go flag rules: {@code --name value}, {@code --name=value}, one dash or
 * two for every name, {@code --} ends the flags, and {@code -h}/{@code --help} asks for help.
 *
 * <p>Plain code rather than an annotation-driven library: this runs on every start of a
 * short-lived JVM, and a parser built from reflection and annotation proxies costs more than the
 * container operation itself.
 *
 * @param name the command's name ({@code run}); empty for the top level
 * @param description one sentence for help
 * @param flags the flags, in help order
 * @param positionals the positional arguments, required ones first
 * @param stopAtPositional whether the first positional argument ends the flags, so that what
 *     follows belongs to someone else ({@code exec ID sh -c ...}, {@code ps ID -ef})
 */
record CommandSyntax(String name, String description, List<Flag> flags, List<Positional> positionals,
                     boolean stopAtPositional) {

    /** One positional argument. */
    record Positional(String label, String description, Kind kind) {
        enum Kind {
            REQUIRED,
            OPTIONAL,
            /** Every remaining argument (zero or more); last in the list. */
            REST
        }

        static Positional required(String label) {
            return new Positional(label, null, Kind.REQUIRED);
        }

        static Positional optional(String label, String description) {
            return new Positional(label, description, Kind.OPTIONAL);
        }

        static Positional rest(String label, String description) {
            return new Positional(label, description, Kind.REST);
        }
    }

    /** The help flag every command accepts. */
    static final Flag HELP = Flag.bool("Show this help and exit.", "--help", "-h");

    CommandSyntax {
        flags = List.copyOf(flags);
        positionals = List.copyOf(positionals);
        boolean optionalSeen = false;
        for (int i = 0; i < positionals.size(); i++) {
            Positional p = positionals.get(i);
            if (p.kind() == Positional.Kind.REST && i != positionals.size() - 1) {
                throw new IllegalArgumentException(name + ": " + p.label() + " takes the rest, so it must come last");
            }
            if (p.kind() == Positional.Kind.REQUIRED && optionalSeen) {
                throw new IllegalArgumentException(name + ": required " + p.label() + " after an optional argument");
            }
            optionalSeen |= p.kind() != Positional.Kind.REQUIRED;
        }
    }

    /**
     * Parses {@code args} against this syntax.
     *
     * @param command how to name the command in errors ({@code drydock-runc run})
     * @throws UsageException naming the unknown flag, the flag without its value, the missing
     *     argument or the unexpected one
     */
    ParsedArgs parse(List<String> args, String command) throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> given = new ArrayList<>();
        boolean flagsDone = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (flagsDone || !a.startsWith("-") || a.equals("-")) {
                given.add(a);
                flagsDone |= stopAtPositional;
                continue;
            }
            if (a.equals("--")) {
                flagsDone = true;
                continue;
            }
            int eq = a.indexOf('=');
            String spelling = eq > 0 ? a.substring(0, eq) : a;
            String inline = eq > 0 ? a.substring(eq + 1) : null;
            if (HELP.matches(spelling)) {
                return new ParsedArgs(this, command, Map.of(), List.of(), true);
            }
            Flag flag = flag(spelling);
            if (flag == null) {
                throw new UsageException(command, "unknown flag " + spelling + " for " + command);
            }
            String value = switch (flag.arity()) {
                case NONE -> {
                    if (inline != null && !inline.equals("true") && !inline.equals("false")) {
                        throw new UsageException(command, "flag " + spelling + " takes true or false, got '" + inline + "'");
                    }
                    yield inline == null ? "true" : inline;
                }
                case ONE, REPEATED -> {
                    if (inline != null) {
                        yield inline;
                    }
                    if (i + 1 >= args.size()) {
                        throw new UsageException(command, "flag " + spelling + " needs a value (" + flag.valueLabel() + ")");
                    }
                    yield args.get(++i);
                }
                case OPTIONAL -> {
                    if (inline != null) {
                        yield inline;
                    }
                    yield i + 1 < args.size() && Flag.OPTIONAL_VALUES.contains(args.get(i + 1)) ? args.get(++i) : "true";
                }
            };
            List<String> vs = values.computeIfAbsent(flag.key(), k -> new ArrayList<>(1));
            if (flag.arity() != Flag.Arity.REPEATED) {
                vs.clear();
            }
            vs.add(value);
        }
        checkPositionals(given, command);
        return new ParsedArgs(this, command, values, given, false);
    }

    private void checkPositionals(List<String> given, String command) throws UsageException {
        int required = 0;
        boolean rest = false;
        for (Positional p : positionals) {
            required += p.kind() == Positional.Kind.REQUIRED ? 1 : 0;
            rest |= p.kind() == Positional.Kind.REST;
        }
        if (given.size() < required) {
            throw new UsageException(command, command + " needs " + positionals.get(given.size()).label());
        }
        if (!rest && given.size() > positionals.size()) {
            throw new UsageException(command, "unexpected argument '" + given.get(positionals.size()) + "' for " + command);
        }
    }

    /** The flag one of whose names is {@code spelling}, or null. */
    Flag flag(String spelling) {
        for (Flag f : flags) {
            if (f.matches(spelling)) {
                return f;
            }
        }
        return null;
    }

    /** Whether one of the flags has this key (the first name without dashes). */
    boolean hasKey(String key) {
        for (Flag f : flags) {
            if (f.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Prints the help of this command. */
    void printUsage(PrintWriter out, String command) {
        StringBuilder line = new StringBuilder("Usage: ").append(command).append(" [OPTIONS]");
        for (Positional p : positionals) {
            line.append(' ').append(switch (p.kind()) {
                case REQUIRED -> p.label();
                case OPTIONAL -> "[" + p.label() + "]";
                case REST -> "[" + p.label() + "...]";
            });
        }
        out.println(line);
        out.println(description);
        List<String[]> rows = new ArrayList<>();
        for (Positional p : positionals) {
            if (p.description() != null) {
                rows.add(new String[] {p.label(), p.description()});
            }
        }
        if (!rows.isEmpty()) {
            out.println();
            printRows(out, rows);
        }
        out.println();
        out.println("Options:");
        printFlags(out, flags);
    }

    /** Prints flags as two aligned columns: names and value, description. */
    static void printFlags(PrintWriter out, List<Flag> flags) {
        List<String[]> rows = new ArrayList<>();
        for (Flag f : flags) {
            if (!f.hidden()) {
                rows.add(new String[] {shortFirst(f) + (f.valueLabel() == null ? "" : " " + f.valueLabel()), f.description()});
            }
        }
        rows.add(new String[] {shortFirst(HELP), HELP.description()});
        printRows(out, rows);
    }

    /** The names as help shows them: {@code -b, --bundle}. */
    private static String shortFirst(Flag f) {
        List<String> names = new ArrayList<>(f.names());
        names.sort(Comparator.comparingInt(String::length));
        return String.join(", ", names);
    }

    static void printRows(PrintWriter out, List<String[]> rows) {
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        for (String[] r : rows) {
            out.println("  " + r[0] + " ".repeat(width - r[0].length() + 2) + r[1]);
        }
    }
}
