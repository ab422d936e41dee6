package io.drydock.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command line parsed by a {@link CommandSyntax}: flag values by key (the flag's first name
 * without dashes: {@code bundle} for {@code -b, --bundle}) and the positional arguments.
 */
final class ParsedArgs {
    private final CommandSyntax syntax;
    private final String command;
    private final Map<String, List<String>> values;
    private final List<String> positionals;
    private final boolean help;
    /** Relative path values resolve against this (the caller's working directory), or null. */
    private final Path base;

    ParsedArgs(CommandSyntax syntax, String command, Map<String, List<String>> values, List<String> positionals,
               boolean help) {
        this(syntax, command, values, positionals, help, null);
    }

    private ParsedArgs(CommandSyntax syntax, String command, Map<String, List<String>> values,
                       List<String> positionals, boolean help, Path base) {
        this.base = base;
        this.syntax = syntax;
        this.command = command;
        this.values = Map.copyOf(values);
        this.positionals = List.copyOf(positionals);
        this.help = help;
    }

    /** The same arguments, with relative path values resolved against {@code cwd}. */
    ParsedArgs relativeTo(Path cwd) {
        return new ParsedArgs(syntax, command, values, positionals, help, cwd);
    }

    /** How the command was named on the command line ({@code drydock-runc run}), for messages. */
    String command() {
        return command;
    }

    /** Whether {@code -h}/{@code --help} was given. */
    boolean help() {
        return help;
    }

    /** A switch's value: given without {@code =false}. */
    boolean isSet(String key) {
        return "true".equals(value(key));
    }

    /** The flag's value (the last one given), or null. */
    String value(String key) {
        List<String> vs = values(key);
        return vs.isEmpty() ? null : vs.get(vs.size() - 1);
    }

    String value(String key, String defaultValue) {
        String v = value(key);
        return v == null ? defaultValue : v;
    }

    /** Every value given for a repeatable flag, in order. */
    List<String> values(String key) {
        if (!syntax.hasKey(key)) {
            throw new IllegalArgumentException("command " + syntax.name() + " has no flag " + key);
        }
        return values.getOrDefault(key, List.of());
    }

    Path path(String key) {
        String v = value(key);
        return v == null ? null : resolve(v);
    }

    Path path(String key, String defaultValue) {
        return resolve(value(key, defaultValue));
    }

    private Path resolve(String value) {
        Path p = Path.of(value);
        return base == null ? p : base.resolve(p).normalize();
    }

    int intValue(String key, int defaultValue) throws UsageException {
        String v = value(key);
        return v == null ? defaultValue : parseInt(key, v);
    }

    List<Integer> intValues(String key) throws UsageException {
        List<Integer> out = new ArrayList<>();
        for (String v : values(key)) {
            out.add(parseInt(key, v));
        }
        return out;
    }

    private int parseInt(String key, String v) throws UsageException {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command, "flag --" + key + " takes a number, got '" + v + "'");
        }
    }

    List<String> positionals() {
        return positionals;
    }

    String positional(int index) {
        return positionals.get(index);
    }

    String positional(int index, String defaultValue) {
        return index < positionals.size() ? positionals.get(index) : defaultValue;
    }

    /** The positional arguments from {@code index} on. */
    List<String> positionalsFrom(int index) {
        return index >= positionals.size() ? List.of() : positionals.subList(index, positionals.size());
    }
}
