package io.drydock.runtime.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A spec that parsed but broke one or more {@link SpecCheck}s; the message lists them all. */
public class SpecValidationException extends SpecException {
    private final List<Violation> violations;

    public SpecValidationException(Path file, List<Violation> violations) {
        super(file, violations.size() == 1 ? violations.get(0).field() : null, describe(violations), null);
        this.violations = List.copyOf(violations);
    }

    private static String describe(List<Violation> violations) {
        if (violations.size() == 1) {
            return violations.get(0).message();
        }
        return violations.size() + " problems:\n" + violations.stream()
            .map(v -> "  " + v).collect(Collectors.joining("\n"));
    }

    /** Every violation found, in check order. */
    public List<Violation> violations() {
        return violations;
    }
}
