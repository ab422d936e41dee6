package io.drydock.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Several commands in one instance, each section of the output headed by a line of its own: one
 * start (one VM boot) serves several tools, and each tool's output is parsed on its own.
 */
final class WorkloadScript {
    /** The line that heads each part's output: this prefix and the part's name. */
    static final String PART = "@@drydock-part ";

    private final Map<String, List<String>> parts = new LinkedHashMap<>();

    /** Adds a part: {@code argv} run under {@code name}; the script stops at the first that fails. */
    WorkloadScript part(String name, List<String> argv) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("part name: lower-case letters, digits and '-', got " + name);
        }
        if (parts.putIfAbsent(name, List.copyOf(argv)) != null) {
            throw new IllegalArgumentException("part " + name + " is already in the script");
        }
        return this;
    }

    /** Whether the script has a part of that name. */
    boolean has(String name) {
        return parts.containsKey(name);
    }

    /** The argv: {@code /bin/sh -c} with every part in order. */
    List<String> command() {
        if (parts.isEmpty()) {
            throw new IllegalStateException("the script has no part to run");
        }
        String script = parts.entrySet().stream()
            .map(e -> "echo '" + PART + e.getKey() + "' && " + quote(e.getValue()))
            .collect(Collectors.joining(" && "));
        return List.of("/bin/sh", "-c", script);
    }

    /** The output split by part: each part's lines without its heading. */
    static Map<String, String> split(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        List<String> buffer = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(PART)) {
                if (current != null) {
                    out.put(current, String.join("\n", buffer));
                }
                current = line.substring(PART.length()).strip();
                buffer.clear();
            } else if (current != null) {
                buffer.add(line);
            }
        }
        if (current != null) {
            out.put(current, String.join("\n", buffer));
        }
        return out;
    }

    /** {@code argv} as one shell command line: each word in single quotes. */
    static String quote(List<String> argv) {
        return argv.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
