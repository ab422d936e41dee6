package io.drydock.runtime.image.build;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The build context's {@code .containerignore} (or {@code .dockerignore}): one glob per line
 * relative to the context, {@code #} comments, {@code !} re-includes; the last matching line wins
 * and a matched directory excludes everything under it. COPY and ADD skip what it excludes, and so
 * does the cache key of their content.
 */
final class ContextIgnore {

    private record Rule(PathMatcher matcher, boolean exclude) {
    }

    private final Path context;
    private final List<Rule> rules;

    private ContextIgnore(Path context, List<Rule> rules) {
        this.context = context;
        this.rules = List.copyOf(rules);
    }

    /** Reads the context's ignore file, if it has one. */
    static ContextIgnore of(Path context) throws IOException {
        Path file = context.resolve(".containerignore");
        if (!Files.isRegularFile(file)) {
            file = context.resolve(".dockerignore");
        }
        if (!Files.isRegularFile(file)) {
            return new ContextIgnore(context, List.of());
        }
        return parse(context, Files.readAllLines(file));
    }

    /** Rules from {@code lines}. */
    static ContextIgnore parse(Path context, List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exclude = !line.startsWith("!");
            String pattern = exclude ? line : line.substring(1).strip();
            pattern = Path.of("/" + pattern).normalize().toString().substring(1);
            if (pattern.isEmpty()) {
                continue;
            }
            rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + pattern), exclude));
        }
        return new ContextIgnore(context, rules);
    }

    /** Whether {@code path} (in the context) is excluded, itself or through a parent directory. */
    boolean excluded(Path path) {
        if (rules.isEmpty()) {
            return false;
        }
        Path relative = context.relativize(path);
        boolean excluded = false;
        for (Rule rule : rules) {
            for (Path p = relative; p != null && !p.toString().isEmpty(); p = p.getParent()) {
                if (rule.matcher().matches(p)) {
                    excluded = rule.exclude();
                    break;
                }
            }
        }
        return excluded;
    }
}
