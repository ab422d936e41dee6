package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's own {@code drydock daemon} (the distribution's, on a socket in the test's directory),
 * which drydock-runc's front end uses when DRYDOCK_RUNC_SOCKET names it; stopped with SIGTERM,
 * after which its socket must be gone.
 */
final class PlannerDaemon implements AutoCloseable {
    static final Path DRYDOCK = Path.of("target", "drydock", "bin", "drydock").toAbsolutePath();

    private final Process process;
    private final Path socket;
    private final Path log;

    private PlannerDaemon(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    /** Starts a daemon listening on {@code dir}/runc.sock, its log in {@code dir}/daemon.log. */
    static PlannerDaemon start(Path dir) throws IOException, InterruptedException {
        Path socket = dir.resolve("runc.sock");
        Path log = dir.resolve("daemon.log");
        Process p = new ProcessBuilder(DRYDOCK.toString(), "daemon", "--serve", "runc", "--runc-socket", socket.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("drydock daemon did not listen on " + socket + ": " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return new PlannerDaemon(p, socket, log);
    }

    /** Routes drydock-runc's front end in {@code env} to this daemon. */
    void route(Map<String, String> env) {
        env.put("DRYDOCK_RUNC_SOCKET", socket.toString());
        env.put("DRYDOCK_RUNC_REQUIRE_DAEMON", "1"); // a call that took the JVM path fails
    }

    /** What the daemon logged. */
    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        assertThat(socket).as("the daemon removes its socket when stopped").doesNotExist();
        // Proof that the calls took the daemon path (a front end that fell back never connects).
        assertThat(log()).containsPattern("stopped after [1-9][0-9]* drydock-runc calls");
    }

    /**
     * A daemon for one test class ({@code @RegisterExtension static final PlannerDaemon.PerClass}):
     * started before its tests when the distribution is built (without it the tests skip
     * themselves), stopped and its directory removed after them.
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private final String name;
        private Path dir;
        private PlannerDaemon daemon;

        /** @param name a word for the temporary directory, e.g. {@code podman} */
        PerClass(String name) {
            this.name = name;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            if (Files.isExecutable(DRYDOCK)) {
                dir = Files.createTempDirectory("drydock-" + name + "-daemon");
                try {
                    daemon = start(dir);
                } catch (Exception | Error e) {
                    // A daemon that did not start leaves its log only in the failure's message.
                    Files.deleteIfExists(dir.resolve("daemon.log"));
                    Files.delete(dir);
                    throw e;
                }
            }
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (daemon != null) {
                daemon.close();
                Files.deleteIfExists(dir.resolve("daemon.log"));
                Files.delete(dir);
            }
        }

        /** Routes drydock-runc's front end in {@code env} to this class's daemon. */
        void route(Map<String, String> env) {
            daemon.route(env);
        }
    }
}
