package io.drydock.cli;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every test of {@link PodmanIT}, with drydock-runc served by a daemon of this test's own. */
class PodmanDaemonIT extends PodmanIT {
    @RegisterExtension
    static final PlannerDaemon.PerClass DAEMON = new PlannerDaemon.PerClass("podman");

    @Override
    void environment(Map<String, String> env) {
        DAEMON.route(env);
    }
}
