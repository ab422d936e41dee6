package io.drydock.conformance.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.drydock.conformance.Area;
import io.drydock.conformance.Bundle;
import io.drydock.conformance.CommandResult;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.Container;
import io.drydock.conformance.Harness;
import io.drydock.conformance.HostCgroups;
import io.drydock.conformance.HostLacks;
import io.drydock.conformance.Json;
import io.drydock.conformance.Level;
import io.drydock.conformance.OptionalFeature;
import io.drydock.conformance.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The runtime-spec's lifecycle and operations, through runc's command line. */
@Conformance(area = Area.LIFECYCLE)
public class LifecycleConformance {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    @DisplayName("create leaves the container created and does not run the process")
    @Requirement(section = "runtime-spec: Lifecycle (steps 1-4), Operations: create")
    void create_leavesCreatedAndDoesNotRunTheProcess(Harness h) throws IOException {
        Container c = h.create(h.shell("touch /ran; sleep 60"));
        JsonNode state = c.state();
        assertEquals("created", state.path("status").asText(), "status after create");
        assertTrue(state.path("pid").asLong() > 0, () -> "a created container has its pid in the state: " + state);
        Harness.awaitFile(c.file("ran"), Duration.ofMillis(500));
        assertFalse(Files.exists(c.file("ran")), "the user process ran before start");
    }

    @Test
    @DisplayName("start runs the process and the status becomes running")
    @Requirement(section = "runtime-spec: Operations: start")
    void start_createdContainer_runsTheProcess(Harness h) {
        Container c = h.create(h.shell("touch /ran; sleep 60"));
        c.started();
        assertTrue(Harness.awaitFile(c.file("ran"), WAIT), "the process did not run within " + WAIT.toSeconds() + " s of start");
        assertEquals("running", c.status(), "status after start");
    }

    @Test
    @DisplayName("state has ociVersion, id, status, pid and bundle, and goes created, running, stopped")
    @Requirement(section = "runtime-spec: State; Lifecycle (steps 5-8)")
    void state_throughTheLifecycle_hasTheRequiredFieldsAndStatuses(Harness h) throws IOException {
        Container c = h.create(h.shell("while [ ! -e /go ]; do sleep 0.05; done"));
        JsonNode created = c.state();
        for (String field : List.of("ociVersion", "id", "status", "bundle")) {
            assertTrue(created.hasNonNull(field), () -> "state lacks " + field + ": " + created);
        }
        assertEquals(c.id(), created.path("id").asText(), "state id");
        assertEquals(c.bundle().dir().toRealPath(), Path.of(created.path("bundle").asText()).toRealPath(), "state bundle");
        assertEquals("created", created.path("status").asText(), "status after create");
        c.started();
        assertEquals("running", c.status(), "status after start");
        Files.writeString(c.file("go"), "");
        JsonNode stopped = c.awaitStatus("stopped", WAIT);
        assertEquals("stopped", stopped.path("status").asText(), () -> "status once the process exited: " + stopped);
    }

    @Test
    @DisplayName("kill delivers the named signal to the container process")
    @Requirement(section = "runtime-spec: Operations: kill")
    void kill_namedSignal_isDelivered(Harness h) {
        Container c = h.create(h.shell("trap 'touch /got-usr1; exit 0' USR1; touch /ready; while :; do sleep 0.05; done"));
        c.started();
        assertTrue(Harness.awaitFile(c.file("ready"), WAIT), "the process did not start");
        CommandResult kill = c.kill("USR1");
        assertTrue(kill.ok(), kill::describe);
        assertTrue(Harness.awaitFile(c.file("got-usr1"), WAIT), "the process did not receive SIGUSR1");
    }

    @Test
    @DisplayName("delete of a running container fails and leaves it running")
    @Requirement(section = "runtime-spec: Operations: delete")
    void delete_runningContainer_failsAndLeavesItRunning(Harness h) {
        Container c = h.create(h.shell("sleep 60"));
        c.started();
        long pid = c.pid();
        CommandResult delete = c.delete(false);
        assertNotEquals(0, delete.exit(), () -> "delete of a running container succeeded: " + delete.describe());
        assertEquals("running", c.status(), "status after the refused delete");
        assertTrue(Files.exists(Path.of("/proc/" + pid)), "the container process is gone after the refused delete");
    }

    @Test
    @DisplayName("delete of a stopped container removes its state, cgroup and process")
    @Requirement(section = "runtime-spec: Operations: delete")
    void delete_stoppedContainer_removesEverything(Harness h) {
        Container c = h.create(h.bundle("true"));
        long pid = c.pid();
        c.started();
        assertEquals("stopped", c.awaitStatus("stopped", WAIT).path("status").asText(), "status after the process exited");
        CommandResult delete = c.delete(false);
        assertTrue(delete.ok(), delete::describe);
        CommandResult state = h.call("state", c.id());
        assertNotEquals(0, state.exit(), () -> "state of a deleted container succeeded: " + state.describe());
        assertFalse(Files.exists(h.stateRoot().resolve(c.id())), "the runtime's state directory remains: " + h.stateRoot().resolve(c.id()));
        for (Path hierarchy : HostCgroups.mountPoints()) {
            Path dir = hierarchy.resolve(h.cgroupsPath(c.id()).substring(1));
            assertFalse(Files.exists(dir), "the container's cgroup remains: " + dir);
        }
        assertFalse(isAliveAndNotZombie(pid), "the container process " + pid + " remains");
    }

    @Test
    @DisplayName("state, start, kill and delete of an unknown id fail with a non-zero exit")
    @Requirement(section = "runtime-spec: Operations (an operation on an unknown id generates an error)")
    void operations_unknownId_fail(Harness h) {
        String id = h.newId();
        for (List<String> op : List.of(List.of("state", id), List.of("start", id), List.of("kill", id, "KILL"),
                List.of("delete", id))) {
            CommandResult r = h.call(op);
            assertNotEquals(0, r.exit(), () -> "'" + String.join(" ", op) + "' of an unknown id succeeded: " + r.describe());
        }
    }

    @Test
    @DisplayName("create with an id already in use fails and leaves the first container alone")
    @Requirement(section = "runtime-spec: Operations: create (the id must be unique)")
    void create_duplicateId_fails(Harness h) {
        Container first = h.create(h.shell("sleep 60"));
        CommandResult second = h.tryCreate(h.shell("sleep 60"), first.id());
        assertNotEquals(0, second.exit(), () -> "a second create with the same id succeeded: " + second.describe());
        assertEquals("created", first.status(), "the first container's status");
    }

    @Test
    @DisplayName("start of a container that is not created fails")
    @Requirement(section = "runtime-spec: Operations: start (only a created container starts)")
    void start_runningContainer_fails(Harness h) {
        Container c = h.create(h.shell("sleep 60"));
        c.started();
        CommandResult again = c.start();
        assertNotEquals(0, again.exit(), () -> "a second start succeeded: " + again.describe());
        assertEquals("running", c.status(), "status after the refused start");
    }

    @Test
    @DisplayName("unknown properties in config.json are ignored")
    @Requirement(section = "runtime-spec: Configuration, Extensibility (unknown properties MUST be ignored)")
    void create_unknownProperties_areIgnored(Harness h) {
        Bundle b = h.bundle("echo", "started");
        b.config().putObject("org.example.certify").put("unknown", true);
        b.config().withObject("/process").put("org.example.certify", "unknown");
        b.config().withObject("/linux").putArray("org.example.certify").add(1);
        CommandResult r = h.run(b);
        assertEquals(0, r.exit(), r::describe);
        assertEquals("started", r.stdout().strip(), "the process's output");
    }

    @Test
    @DisplayName("run passes the process's exit status through")
    @Requirement(section = "runc command line: run", level = Level.SHOULD)
    void run_exitStatus_isPassedThrough(Harness h) {
        CommandResult r = h.run(h.shell("exit 7"));
        assertEquals(7, r.exit(), r::describe);
    }

    @Test
    @DisplayName("the container's process, and a process exec'd into it, each lead a session and a process group of their own")
    @Requirement(section = "runc command line: run, exec (the container's processes are not in the caller's session)", level = Level.SHOULD)
    void run_andExec_processesLeadTheirOwnSessions(Harness h) {
        CommandResult r = h.run(h.bundle("cat", "/proc/self/stat"));
        assertEquals(0, r.exit(), r::describe);
        // The caller's session leader is outside the container's pid namespace, where it would read as 0.
        assertEquals(List.of("1", "1", "1"), pidGroupAndSession(r.stdout()), () -> "pid, process group and session of the container's process");
        Container c = h.create(h.bundle("sleep", "60"));
        c.started();
        CommandResult e = c.exec("cat", "/proc/self/stat");
        assertTrue(e.ok(), e::describe);
        List<String> ids = pidGroupAndSession(e.stdout());
        assertEquals(List.of(ids.get(0), ids.get(0)), ids.subList(1, 3), () -> "process group and session of the exec'd process "
            + ids.get(0) + " (from /proc/self/stat: " + e.stdout().strip() + ")");
    }

    /** The pid, process group and session of a /proc/PID/stat line (proc_pid_stat(5): pid (comm) state ppid pgrp session ...). */
    private static List<String> pidGroupAndSession(String stat) {
        String line = stat.strip();
        String[] after = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return List.of(line.substring(0, line.indexOf(' ')), after[2], after[3]);
    }

    @Test
    @DisplayName("--pid-file holds the pid of the container's process")
    @Requirement(section = "runc command line: create --pid-file", level = Level.SHOULD)
    void create_pidFile_holdsTheInitPid(Harness h) throws IOException {
        Path pidFile = h.work().resolve("init.pid");
        Container c = h.create(h.shell("sleep 60"), "--pid-file", pidFile.toString());
        assertTrue(Files.exists(pidFile), "no pid file at " + pidFile);
        assertEquals(Long.toString(c.pid()), Files.readString(pidFile).strip(), "pid file against the state's pid");
    }

    @Test
    @DisplayName("--console-socket receives the terminal of a container with process.terminal")
    @Requirement(section = "runc command line: create --console-socket; runtime-spec: Config, process.terminal", level = Level.SHOULD)
    void create_consoleSocket_receivesTheTerminal(Harness h) throws Exception {
        Bundle b = h.shell("echo console-$((40+2)); sleep 60").terminal(true);
        try (ConsoleSocket socket = ConsoleSocket.listen(h.work().resolve("console.sock"))) {
            Container c = h.create(b, "--console-socket", socket.path().toString());
            c.started();
            String seen = socket.readUntil("console-42", WAIT);
            assertTrue(seen.contains("console-42"), () -> "the terminal did not carry the process's output; read: " + seen);
        }
    }

    @Test
    @DisplayName("exec runs a process in the container's namespaces")
    @Requirement(section = "runc command line: exec", level = Level.SHOULD)
    void exec_runningContainer_runsInItsNamespaces(Harness h) throws IOException {
        Container c = h.create(h.bundle("sleep", "60").hostname("exec-target"));
        c.started();
        long pid = c.pid();
        CommandResult r = c.exec("sh", "-c", "hostname; readlink /proc/self/ns/pid; readlink /proc/self/ns/mnt");
        assertTrue(r.ok(), r::describe);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(List.of("exec-target", Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns/pid")).toString(),
            Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns/mnt")).toString()), lines,
            "hostname and pid and mount namespaces seen by the exec'd process against the container's");
    }

    @Test
    @DisplayName("ps lists the container's processes")
    @Requirement(section = "runc command line: ps", level = Level.SHOULD)
    void ps_runningContainer_listsItsInit(Harness h) {
        Container c = h.create(h.shell("sleep 60"));
        c.started();
        long pid = c.pid();
        CommandResult r = h.call("ps", "--format", "json", c.id());
        assertTrue(r.ok(), r::describe);
        JsonNode pids = Json.parse(r.stdout(), "ps --format json");
        assertTrue(pids.isArray() && pids.valueStream().anyMatch(p -> p.asLong() == pid),
            () -> "ps does not list the init " + pid + ": " + r.stdout().strip());
    }

    @Test
    @DisplayName("pause freezes the container and resume thaws it")
    @Requirement(section = "runc command line: pause, resume; runtime-spec: State (status paused)", level = Level.SHOULD)
    void pauseResume_runningContainer_freezesAndThaws(Harness h) throws IOException {
        HostLacks.require(HostCgroups.mountPoints().stream().anyMatch(p -> p.toString().contains("freezer"))
            || !HostCgroups.isV1("freezer"), "a freezer cgroup controller");
        Container c = h.create(h.shell("i=0; while :; do i=$((i+1)); echo $i > /count; sleep 0.05; done"));
        c.started();
        assertTrue(Harness.awaitFile(c.file("count"), WAIT), "the process did not start");
        CommandResult pause = h.call("pause", c.id());
        OptionalFeature.require(pause.ok() || !pause.stderr().toLowerCase(java.util.Locale.ROOT).contains("unknown command"),
            "pause and resume (optional in runc's command line; it answers 'unknown command')");
        assertTrue(pause.ok(), pause::describe);
        assertEquals("paused", c.status(), "status after pause");
        String frozen = Files.readString(c.file("count"));
        Harness.awaitFile(c.file("never"), Duration.ofMillis(500));
        assertEquals(frozen, Files.readString(c.file("count")), "the paused process went on counting");
        CommandResult resume = h.call("resume", c.id());
        assertTrue(resume.ok(), resume::describe);
        assertEquals("running", c.status(), "status after resume");
        long end = System.nanoTime() + WAIT.toNanos();
        while (Files.readString(c.file("count")).equals(frozen) && System.nanoTime() < end) {
            Harness.awaitFile(c.file("never"), Duration.ofMillis(100));
        }
        assertNotEquals(frozen, Files.readString(c.file("count")), "the resumed process does not count");
    }

    static boolean isAliveAndNotZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }
}
