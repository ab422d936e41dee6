package io.drydock.cli;

import io.drydock.runtime.planner.PlannerServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drydock daemon}: a long-running JVM serving drydock-runc's native front end on the
 * planner socket, until SIGTERM or SIGINT (its shutdown removes the socket).
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
    description = "Serve drydock-runc's front end from one resident JVM until stopped (SIGTERM).")
public final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--runc-socket", paramLabel = "PATH",
        description = "Planner socket of drydock-runc's front end (default: ${DEFAULT-VALUE}).")
    Path runcSocket = PlannerServer.DEFAULT_SOCKET;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (PlannerServer runc = PlannerServer.start(runcSocket)) {
            Thread hook = new Thread(() -> {
                try {
                    runc.close();
                    System.err.println("drydock daemon: stopped after " + runc.callsAccepted() + " drydock-runc calls");
                } catch (Exception e) {
                    System.err.println("drydock daemon: closing " + runcSocket + ": " + e.getMessage());
                }
                stopped.countDown();
            }, "daemon-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.println("drydock daemon: drydock-runc's planner on " + runc.socket());
            stopped.await();
        }
        return 0;
    }
}
