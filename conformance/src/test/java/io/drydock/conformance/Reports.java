package io.drydock.conformance;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Synthetic certifications for the writer and verdict tests. */
public final class Reports {
    private Reports() {}

    public static final HostInfo HOST = new HostInfo("testhost", "6.1.0-test", "hybrid", "0.1.0-test");

    public static Outcome outcome(String id, Area area, Level level, Outcome.Status status, String message) {
        return new Outcome(area.key() + "." + id, "checks " + id, area, "runtime-spec: " + id, level, status, message,
            Duration.ofMillis(1234));
    }

    public static RuntimeReport report(String runtime, Outcome... outcomes) {
        return new RuntimeReport(new RuntimeUnderTest(runtime, List.of("/usr/sbin/" + runtime), runtime + " version 1.0", false,
            List.of(Path.of("/usr/sbin/" + runtime)), "", false), HOST, Instant.parse("2026-12-06T05:00:00Z"), Duration.ofSeconds(42),
            List.of(Area.LIFECYCLE, Area.ISOLATION, Area.PORT_MAPPING), List.of(outcomes));
    }
}
