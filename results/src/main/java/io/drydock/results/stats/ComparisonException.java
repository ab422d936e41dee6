package io.drydock.results.stats;

import java.util.List;

/**
 * Two runs that must not be compared as given: different hosts, figures on one side only, or the
 * same figure in different units. Each problem is one line of {@link #problems()}.
 */
public final class ComparisonException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /**
     * @param summary  one sentence
     * @param problems one line per problem
     */
    public ComparisonException(String summary, List<String> problems) {
        super(summary + (problems.isEmpty() ? "" : ":\n  " + String.join("\n  ", problems)));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem. */
    public List<String> problems() {
        return problems;
    }
}
