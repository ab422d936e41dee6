package io.drydock.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One runtime's certification: what ran, where, when, and each test's outcome.
 *
 * @param runtime  the runtime under test
 * @param host     the host
 * @param started  when the run began
 * @param duration how long the whole suite took
 * @param areas    the areas that were run (all, or those given with --only)
 * @param outcomes each test's outcome, in the order they ran
 */
public record RuntimeReport(RuntimeUnderTest runtime, HostInfo host, Instant started, Duration duration, List<Area> areas,
                            List<Outcome> outcomes) {
    public RuntimeReport {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(duration, "duration");
        areas = List.copyOf(areas);
        outcomes = List.copyOf(outcomes);
    }

    public Verdict verdict() {
        return Verdict.of(outcomes);
    }

    /** The outcomes of one area. */
    public List<Outcome> in(Area area) {
        return outcomes.stream().filter(o -> o.area() == area).toList();
    }

    /** How many outcomes of {@code area} (all areas when null) have {@code status}. */
    public long count(Area area, Outcome.Status status) {
        return outcomes.stream().filter(o -> (area == null || o.area() == area) && o.status() == status).count();
    }

    /** How many {@code level} tests failed. */
    public long failures(Level level) {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.FAILED && o.level() == level).count();
    }
}
