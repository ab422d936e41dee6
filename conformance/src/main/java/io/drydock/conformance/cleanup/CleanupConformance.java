package io.drydock.conformance.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drydock.conformance.Area;
import io.drydock.conformance.Bundle;
import io.drydock.conformance.CommandResult;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.Container;
import io.drydock.conformance.Harness;
import io.drydock.conformance.Level;
import io.drydock.conformance.Requirement;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** After delete, nothing of the container remains on the host: mounts, cgroups, state, processes. */
@Conformance(area = Area.CLEANUP)
public class CleanupConformance {

    @Test
    @DisplayName("after create, start, exit and delete nothing of the container remains")
    @Requirement(section = "runtime-spec: Lifecycle (step 10), Operations: delete")
    void delete_afterExit_leavesNothing(Harness h) throws IOException {
        Container c = h.create(h.bundle("true"));
        c.started();
        assertEquals("stopped", c.awaitStatus("stopped", Duration.ofSeconds(15)).path("status").asText(), "status after exit");
        CommandResult delete = c.delete(false);
        assertTrue(delete.ok(), delete::describe);
        assertEquals(List.of(), Leftovers.of(h, c.id(), c.bundle()), "what the deleted container left");
    }

    @Test
    @DisplayName("after a forced delete of a running container with children nothing remains")
    @Requirement(section = "runc command line: delete --force; runtime-spec: Operations: delete")
    void forcedDelete_runningContainer_leavesNothing(Harness h) throws IOException {
        Container c = h.create(h.shell("sleep 60 & sleep 60 & touch /ready; wait"));
        c.started();
        assertTrue(Harness.awaitFile(c.file("ready"), Duration.ofSeconds(15)), "the process did not start");
        CommandResult delete = c.delete(true);
        assertTrue(delete.ok(), delete::describe);
        assertEquals(List.of(), Leftovers.of(h, c.id(), c.bundle()), "what the force-deleted container left");
    }

    @Test
    @DisplayName("after a foreground run nothing of the container remains")
    @Requirement(section = "runc command line: run (deletes the container when it exits)", level = Level.SHOULD)
    void run_afterExit_leavesNothing(Harness h) throws IOException {
        Bundle b = h.bundle("true");
        String id = h.newId();
        CommandResult run = h.run(b, id);
        assertEquals(0, run.exit(), run::describe);
        assertEquals(List.of(), Leftovers.of(h, id, b), "what the container left after run");
    }

    @Test
    @DisplayName("a create that fails half-way leaves nothing behind")
    @Requirement(section = "runtime-spec: Operations: create (an error leaves no container)")
    void create_failingMount_leavesNothing(Harness h) throws IOException {
        Bundle b = h.bundle("true");
        b.config().withArray("/mounts").addObject().put("destination", "/mnt").put("type", "bind")
            .put("source", h.work().resolve("no-such-source").toString()).putArray("options").add("rbind");
        String id = h.newId();
        CommandResult create = h.tryCreate(b, id);
        assertNotEquals(0, create.exit(), () -> "create with a missing bind source succeeded: " + create.describe());
        assertEquals(List.of(), Leftovers.of(h, id, b), "what the failed create left");
        CommandResult state = h.call("state", id);
        assertNotEquals(0, state.exit(), () -> "the failed container has a state: " + state.describe());
    }
}
