package io.drydock.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every test of {@link RuncCliIT}, through drydock-runc's native front end and a daemon of this test's own. */
class RuncCliDaemonIT extends RuncCliIT {
    private static Path dir;
    private static PlannerDaemon daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        if (Files.isExecutable(PlannerDaemon.DRYDOCK)) {
            dir = Files.createTempDirectory("drydock-runccli-daemon");
            daemon = PlannerDaemon.start(dir);
        }
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
            Files.deleteIfExists(dir.resolve("daemon.log"));
            Files.delete(dir);
        }
    }

    @Override
    void environment(Map<String, String> env) {
        daemon.route(env);
    }
}
