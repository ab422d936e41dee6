package io.drydock.daemon;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.EngineException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's watch over its containers. A container it starts gets a waiter thread: the
 * daemon is the container's subreaper (the engine's runtime makes it one), so the waiter reaps
 * the init with waitpid(2) and the engine records the exit code, tidies up and honours
 * {@code --rm}. At start-up the daemon reconciles what a previous daemon left: containers recorded
 * running whose init is gone are marked exited (their code unknown: the process was reaped by
 * someone else), and those still running are adopted and polled, as they are no longer the
 * daemon's descendants and cannot be waited for.
 */
final class ContainerSupervisor implements AutoCloseable {
    /** The exit code reported when it is not known (the container ended while no daemon watched it), as dockerd does. */
    static final int UNKNOWN_EXIT = 255;
    private static final long POLL_MILLIS = 200;

    private final Engine engine;
    private final EventLog events;
    private final Map<String, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "drydock-adopted-poller");
        t.setDaemon(true);
        return t;
    });

    ContainerSupervisor(Engine engine, EventLog events) {
        this.engine = engine;
        this.events = events;
    }

    /** Brings every record up to date and adopts the containers still running; returns how many were adopted. */
    int reconcile() throws IOException, EngineException {
        int adopted = 0;
        for (EngineContainer c : engine.list(true)) { // listing tidies the ones whose init is gone
            if (c.state().equals(EngineContainer.RUNNING) && engine.isRunning(c.id())) {
                adopt(c.id());
                adopted++;
            }
        }
        return adopted;
    }

    /** A container was created: waits for it may begin before it starts. */
    void expect(String id) {
        exits.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** A container this daemon started: its waiter records its end. */
    void started(EngineContainer c) {
        CompletableFuture<Integer> exit = exits.computeIfAbsent(c.id(), k -> new CompletableFuture<>());
        Thread t = new Thread(() -> {
            try {
                int code = engine.waitForExit(c.id());
                died(c, code, exit);
            } catch (IOException | EngineException | RuntimeException e) {
                exits.remove(c.id());
                exit.completeExceptionally(e);
            }
        }, "drydock-wait-" + c.shortId());
        t.setDaemon(true);
        t.start();
    }

    /** The container's next exit, if this daemon watches it (created, started or adopted here). */
    Optional<CompletableFuture<Integer>> nextExit(String id) {
        return Optional.ofNullable(exits.get(id));
    }

    /** The container is gone without having run (removed before start). */
    void forget(String id) {
        CompletableFuture<Integer> f = exits.remove(id);
        if (f != null) {
            f.completeExceptionally(new IllegalStateException("container removed before it ran"));
        }
    }

    private void adopt(String id) {
        CompletableFuture<Integer> exit = exits.computeIfAbsent(id, k -> new CompletableFuture<>());
        poller.schedule(new Runnable() {
            @Override
            public void run() {
                if (engine.isRunning(id)) {
                    poller.schedule(this, POLL_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                }
                try {
                    EngineContainer now = engine.container(id); // tidies it, records it exited
                    died(now, now.exitCode() == null ? UNKNOWN_EXIT : now.exitCode(), exit);
                } catch (IOException | EngineException e) {
                    exits.remove(id);
                    exit.complete(UNKNOWN_EXIT); // removed meanwhile (--rm): it exited all the same
                }
            }
        }, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void died(EngineContainer c, int code, CompletableFuture<Integer> exit) {
        events.publish("container", "die", c.id(), Map.of("name", c.name(), "image", c.image(),
                "exitCode", Integer.toString(code)));
        if (c.autoRemove()) {
            events.publish("container", "destroy", c.id(), Map.of("name", c.name(), "image", c.image()));
        }
        exits.remove(c.id());
        exit.complete(code);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
