package io.drydock.cli;

import io.drydock.daemon.DockerDaemon;
import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.planner.PlannerServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code drydock daemon}: a long-running process serving, on unix sockets, the Docker Engine API
 * over drydock's engine (so that the {@code docker} CLI drives drydock) and the planner protocol of
 * {@code drydock-runc}'s native front end (so that a runc call costs no JVM start). It runs until
 * SIGTERM or SIGINT, then stops listening and leaves its containers running; the next daemon adopts
 * them and marks exited those that died meanwhile.
 *
 * <p>The daemon's servers are opened in order into one list and closed in reverse order when
 * it stops (or when a later one fails to open). {@code --serve} picks which: a test or a benchmark
 * trial that needs only one starts only that one, on its own socket, beside a system daemon.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
    description = {"Serve the Docker Engine API (v1.41) on a unix socket, so that the docker CLI drives drydock:"
        + " DOCKER_HOST=unix:///run/drydock/docker.sock docker run --rm busybox echo hi.",
        "Runs in the foreground until SIGTERM or SIGINT (scripts/daemon start|stop|status runs it in the"
            + " background); containers outlive it and are adopted by the next daemon."})
public final class DaemonCommand implements Callable<Integer> {

    @Option(names = "--socket", paramLabel = "PATH",
        description = "The unix socket to listen on, mode 0660 (default: ${DEFAULT-VALUE}).")
    Path socket = DockerDaemon.DEFAULT_SOCKET;

    @Option(names = {"-H", "--host"}, paramLabel = "URL",
        description = "unix://PATH, as dockerd takes it; TCP is not served (it would need TLS flags drydock does not have).")
    String host;

    @Option(names = "--runc-socket", paramLabel = "PATH",
        description = "The socket of drydock-runc's front end, mode 0600 (default: ${DEFAULT-VALUE}).")
    Path runcSocket = PlannerServer.DEFAULT_SOCKET;

    /** What a daemon can serve. */
    enum Served { docker, runc }

    @Option(names = "--serve", split = ",", paramLabel = "SERVER",
        description = "What to serve: docker (the Engine API on --socket), runc (drydock-runc's front end on"
            + " --runc-socket); default: both.")
    EnumSet<Served> serve = EnumSet.allOf(Served.class);

    @Mixin
    EngineOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path listen = socket;
        if (host != null) {
            if (!host.startsWith("unix://") || host.length() <= "unix://".length()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--host '" + host
                    + "': only unix://PATH is served; TCP would need TLS, which drydock's daemon does not offer");
            }
            listen = Path.of(host.substring("unix://".length()));
        }
        if (!listen.isAbsolute()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--socket '" + listen + "' must be an absolute path");
        }
        // Jetty logs through SLF4J, which drydock gives no provider: no notice of that on every start.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        List<AutoCloseable> servers = new ArrayList<>();
        // On SIGTERM the JVM runs its hooks and halts: the hook waits for the servers to close.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "drydock-daemon-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (serve.contains(Served.docker)) {
                Engine engine = options.open();
                servers.add(engine); // closed last
                DockerDaemon api = DockerDaemon.start(engine, listen);
                servers.add(api);
                System.err.println("drydock daemon: Docker Engine API v1.41 on unix://" + api.socket()
                    + (api.adopted() > 0 ? " (adopted " + api.adopted() + " running containers)" : ""));
            }
            PlannerServer runc = null;
            if (serve.contains(Served.runc)) {
                runc = PlannerServer.start(runcSocket);
                servers.add(runc);
                System.err.println("drydock daemon: drydock-runc's front end on " + runc.socket());
            }
            System.err.flush();
            stop.await();
            if (runc != null) {
                System.err.println("drydock daemon: stopped after " + runc.callsAccepted() + " drydock-runc calls");
            }
            return 0;
        } catch (Exception e) {
            return options.fail(spec.commandLine(), e, UserErrors.FAILED);
        } finally {
            closeAll(servers);
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook has run
            }
        }
    }

    /** Closes the servers in reverse order of opening; failures are printed, not thrown: all of them close. */
    private static void closeAll(List<AutoCloseable> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception e) {
                System.err.println("drydock daemon: closing " + servers.get(i).getClass().getSimpleName() + ": "
                    + UserErrors.describe(e));
            }
        }
    }
}
