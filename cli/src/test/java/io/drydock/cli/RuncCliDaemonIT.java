package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every test of {@link RuncCliIT}, through drydock-runc's native front end and a daemon of this test's own. */
class RuncCliDaemonIT extends RuncCliIT {
    @RegisterExtension
    static final PlannerDaemon.PerClass DAEMON = new PlannerDaemon.PerClass("runccli");

    @Override
    void environment(Map<String, String> env) {
        DAEMON.route(env);
    }

    /**
     * A foreground {@code run} passes the signals its caller sends to the container's init, as
     * runc does: SIGTERM to the front end reaches the container's shell, whose trap decides the
     * exit code, and the run then deletes the container.
     */
    @Test
    void foregroundRun_forwardsASignalToTheContainersInit() throws Exception {
        edit(c -> args(c, "sh", "-c", "trap 'echo got-term; exit 7' TERM; echo ready; while :; do sleep 0.1; done"));
        String id = id();
        Path out = Files.createTempFile(tmp, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(List.of(RUNC.toString(), "--root", root.toString(), "run", "--bundle",
            bundle.toString(), id)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile()).redirectErrorStream(true);
        environment(pb.environment());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out).contains("ready")) {
                assertThat(p.isAlive()).as("the run ended before its container was ready: " + Files.readString(out)).isTrue();
                assertThat(System.nanoTime()).as("no 'ready' within 30 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            p.destroy(); // SIGTERM to the front end
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the run ended after SIGTERM").isTrue();
            assertThat(p.exitValue()).as(Files.readString(out)).isEqualTo(7);
            assertThat(Files.readString(out)).contains("got-term");
            assertNothingLeft(root, id);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
