package io.drydock.runtime.image.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed Containerfile (Dockerfile syntax): its instructions in order. Lines starting with
 * {@code #} are comments (also inside a continued instruction), a trailing {@code \} continues an
 * instruction on the next line, keywords are case-insensitive, only {@code ARG} may precede the
 * first {@code FROM}. Every error names the file and the line.
 *
 * @param name         the file's name as shown in messages
 * @param instructions the instructions, in order
 */
public record Containerfile(String name, List<Instruction> instructions) {

    // Only for reading exec-form arrays: a plain JSON array of strings, nothing of our own formats.
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates and copies. */
    public Containerfile {
        Objects.requireNonNull(name, "name");
        instructions = List.copyOf(instructions);
    }

    /** Reads and parses {@code file}. */
    public static Containerfile read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses Containerfile text.
     *
     * @param name shown in error messages
     * @throws ContainerfileException naming the line of the first error
     */
    public static Containerfile parse(String name, String text) throws ContainerfileException {
        String[] lines = text.split("\r?\n", -1);
        List<Instruction> result = new ArrayList<>();
        boolean seenFrom = false;
        int i = 0;
        while (i < lines.length) {
            String first = lines[i];
            if (first.isBlank() || first.stripLeading().startsWith("#")) {
                i++;
                continue;
            }
            int startLine = i + 1;
            StringBuilder joined = new StringBuilder();
            String current = first;
            i++;
            while (true) {
                String stripped = current.stripTrailing();
                if (!stripped.endsWith("\\")) {
                    joined.append(current);
                    break;
                }
                joined.append(stripped, 0, stripped.length() - 1);
                // Comment and empty lines inside a continuation are dropped, as docker does.
                while (i < lines.length && (lines[i].isBlank() || lines[i].stripLeading().startsWith("#"))) {
                    i++;
                }
                if (i >= lines.length) {
                    break;
                }
                current = lines[i++];
            }
            Instruction instruction = instruction(name, startLine, joined.toString().strip());
            if (instruction instanceof Instruction.From) {
                seenFrom = true;
            } else if (!seenFrom && !(instruction instanceof Instruction.Arg)) {
                throw new ContainerfileException(name, startLine, "only ARG may come before the first FROM");
            }
            result.add(instruction);
        }
        if (!seenFrom) {
            throw new ContainerfileException(name, 0, "no FROM instruction");
        }
        return new Containerfile(name, result);
    }

    private static Instruction instruction(String file, int line, String text) throws ContainerfileException {
        int space = indexOfWhitespace(text);
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space).strip();
        String canonical = args.isEmpty() ? keyword : keyword + " " + args;
        try {
            switch (keyword) {
                case "FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "WORKDIR", "USER", "EXPOSE", "CMD", "ENTRYPOINT",
                     "LABEL" -> {
                    if (args.isEmpty()) {
                        throw new ContainerfileException(file, line, keyword + " needs arguments");
                    }
                }
                default -> throw new ContainerfileException(file, line, "unknown instruction '"
                        + (space < 0 ? text : text.substring(0, space)) + "'");
            }
            return switch (keyword) {
                case "FROM" -> from(file, line, canonical, args);
                case "RUN" -> {
                    List<String> exec = execForm(args);
                    yield exec != null ? new Instruction.Run(line, canonical, nonEmpty(file, line, keyword, exec), false)
                            : new Instruction.Run(line, canonical, List.of(args), true);
                }
                case "CMD" -> {
                    List<String> exec = execForm(args);
                    yield exec != null ? new Instruction.Cmd(line, canonical, exec, false)
                            : new Instruction.Cmd(line, canonical, List.of("/bin/sh", "-c", args), true);
                }
                case "ENTRYPOINT" -> {
                    List<String> exec = execForm(args);
                    yield exec != null ? new Instruction.Entrypoint(line, canonical, exec, false)
                            : new Instruction.Entrypoint(line, canonical, List.of("/bin/sh", "-c", args), true);
                }
                case "COPY", "ADD" -> copy(file, line, canonical, args, keyword.equals("ADD"));
                case "ENV" -> new Instruction.Env(line, canonical, pairs(file, line, keyword, args, true));
                case "LABEL" -> new Instruction.Label(line, canonical, pairs(file, line, keyword, args, false));
                case "ARG" -> arg(file, line, canonical, args);
                case "WORKDIR" -> new Instruction.Workdir(line, canonical, args);
                case "USER" -> new Instruction.User(line, canonical, args);
                case "EXPOSE" -> expose(file, line, canonical, args);
                default -> throw new IllegalStateException(keyword);
            };
        } catch (IllegalArgumentException e) {
            throw new ContainerfileException(file, line, keyword + ": " + e.getMessage());
        }
    }

    private static Instruction.From from(String file, int line, String text, String args) throws ContainerfileException {
        List<String> words = BuildVariables.split(args);
        if (words.size() == 1) {
            return new Instruction.From(line, text, words.get(0), null);
        }
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
            return new Instruction.From(line, text, words.get(0), words.get(2));
        }
        if (words.get(0).startsWith("--")) {
            throw new ContainerfileException(file, line, "FROM option " + words.get(0) + " is not supported");
        }
        throw new ContainerfileException(file, line, "FROM takes an image and optionally 'AS name'");
    }

    private static Instruction.Copy copy(String file, int line, String text, String args, boolean add)
            throws ContainerfileException {
        String keyword = add ? "ADD" : "COPY";
        String chown = null;
        String from = null;
        String rest = args;
        while (rest.startsWith("--")) {
            int end = indexOfWhitespace(rest);
            String flag = end < 0 ? rest : rest.substring(0, end);
            rest = end < 0 ? "" : rest.substring(end).strip();
            if (flag.startsWith("--chown=") && flag.length() > "--chown=".length()) {
                chown = flag.substring("--chown=".length());
            } else if (!add && flag.startsWith("--from=") && flag.length() > "--from=".length()) {
                from = flag.substring("--from=".length());
            } else {
                throw new ContainerfileException(file, line, keyword + " option " + flag + " is not supported (only "
                        + (add ? "" : "--from=stage, ") + "--chown=user[:group])");
            }
        }
        List<String> words = execForm(rest);
        if (words == null) {
            words = BuildVariables.split(rest);
        }
        if (words.size() < 2) {
            throw new ContainerfileException(file, line, keyword + " needs at least one source and a destination");
        }
        List<String> sources = words.subList(0, words.size() - 1);
        for (String source : sources) {
            if (source.contains("://")) {
                throw new ContainerfileException(file, line, keyword + " of a URL (" + source
                        + ") is not supported: only local files of the build context");
            }
        }
        return new Instruction.Copy(line, text, sources, words.get(words.size() - 1), chown, add, from);
    }

    private static Instruction.Arg arg(String file, int line, String text, String args) throws ContainerfileException {
        List<String> words = BuildVariables.split(args);
        if (words.size() != 1) {
            throw new ContainerfileException(file, line, "ARG takes one name[=default]");
        }
        String word = words.get(0);
        int eq = word.indexOf('=');
        String name = eq < 0 ? word : word.substring(0, eq);
        checkName(file, line, "ARG", name);
        return new Instruction.Arg(line, text, name, eq < 0 ? null : word.substring(eq + 1));
    }

    private static Instruction.Expose expose(String file, int line, String text, String args)
            throws ContainerfileException {
        List<String> ports = BuildVariables.split(args);
        for (String port : ports) {
            if (!port.contains("$") && !port.matches("[0-9]{1,5}(-[0-9]{1,5})?(/(tcp|udp|sctp|TCP|UDP|SCTP))?")) {
                throw new ContainerfileException(file, line, "EXPOSE: '" + port + "' is not port[/tcp|udp|sctp]");
            }
        }
        return new Instruction.Expose(line, text, ports);
    }

    /** {@code k=v k2="v 2"}, or for ENV the old {@code k value with spaces}. */
    private static Map<String, String> pairs(String file, int line, String keyword, String args, boolean legacyForm)
            throws ContainerfileException {
        List<String> words = BuildVariables.split(args);
        Map<String, String> result = new LinkedHashMap<>();
        if (legacyForm && !words.get(0).contains("=")) {
            int space = indexOfWhitespace(args);
            if (space < 0) {
                throw new ContainerfileException(file, line, keyword + " " + args + " needs a value");
            }
            checkName(file, line, keyword, words.get(0));
            result.put(words.get(0), String.join(" ", BuildVariables.split(args.substring(space).strip())));
            return result;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new ContainerfileException(file, line, keyword + ": '" + word + "' is not key=value");
            }
            if (legacyForm) {
                checkName(file, line, keyword, word.substring(0, eq));
            }
            result.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return result;
    }

    private static void checkName(String file, int line, String keyword, String name) throws ContainerfileException {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ContainerfileException(file, line, keyword + ": '" + name + "' is not a variable name");
        }
    }

    private static List<String> nonEmpty(String file, int line, String keyword, List<String> exec)
            throws ContainerfileException {
        if (exec.isEmpty()) {
            throw new ContainerfileException(file, line, keyword + " [] runs nothing");
        }
        return exec;
    }

    /** The JSON array of strings {@code args} is, or null when it is not one (then it is shell form). */
    private static List<String> execForm(String args) {
        if (!args.startsWith("[")) {
            return null;
        }
        try {
            String[] parsed = JSON.readValue(args, String[].class);
            return parsed == null ? null : List.of(parsed);
        } catch (JsonProcessingException | NullPointerException e) {
            return null;
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
