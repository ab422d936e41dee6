package io.drydock.cli;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every test of {@link ForeignBundlesIT}, through drydock-runc's native front end and a daemon of this test's own. */
class ForeignBundlesDaemonIT extends ForeignBundlesIT {
    @RegisterExtension
    static final PlannerDaemon.PerClass DAEMON = new PlannerDaemon.PerClass("foreignbundles");

    @Override
    void environment(Map<String, String> env) {
        DAEMON.route(env);
    }
}
