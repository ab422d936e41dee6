package io.drydock.results.machine;

import java.util.List;
import java.util.Optional;

/** Runs a command and returns what it printed; the seam that lets tests fake tool versions. */
@FunctionalInterface
public interface CommandRunner {
    /**
     * Runs {@code command}.
     *
     * @return its standard output and error, or empty when it is not installed, fails to start,
     *         exits non-zero or does not finish in time
     */
    Optional<String> run(List<String> command);
}
