package io.drydock.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A container a test created: its id, bundle, and the runtime commands on it. */
public final class Container {
    private final Harness harness;
    private final String id;
    private final Bundle bundle;

    Container(Harness harness, String id, Bundle bundle) {
        this.harness = harness;
        this.id = id;
        this.bundle = bundle;
    }

    public String id() {
        return id;
    }

    public Bundle bundle() {
        return bundle;
    }

    /** A path inside the container's rootfs, seen from the host. */
    public Path file(String inside) {
        return bundle.rootfs().resolve(inside.startsWith("/") ? inside.substring(1) : inside);
    }

    public CommandResult start() {
        return harness.call("start", id);
    }

    /** Starts it; failing the test when start fails. */
    public void started() {
        CommandResult r = start();
        if (!r.ok()) {
            throw new AssertionError("start failed: " + r.describe());
        }
    }

    public JsonNode state() {
        return harness.state(id);
    }

    /** The init's pid from the state. */
    public long pid() {
        return state().path("pid").asLong();
    }

    public String status() {
        return state().path("status").asText();
    }

    public JsonNode awaitStatus(String status, Duration timeout) {
        return harness.awaitStatus(id, status, timeout);
    }

    public CommandResult kill(String signal) {
        return harness.call("kill", id, signal);
    }

    public CommandResult delete(boolean force) {
        return force ? harness.call("delete", "--force", id) : harness.call("delete", id);
    }

    /** {@code exec ID ARGS...}. */
    public CommandResult exec(String... args) {
        List<String> a = new ArrayList<>(List.of("exec", id));
        a.addAll(List.of(args));
        return harness.call(a);
    }
}
