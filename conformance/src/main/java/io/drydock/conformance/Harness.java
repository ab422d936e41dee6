package io.drydock.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * What a conformance test drives a runtime with: bundles, the runtime's command line (runc's
 * contract: {@code --root STATE create|start|state|kill|delete|exec|ps|pause|resume|run}), and
 * the clean-up after the test: every container it made is deleted with {@code --force} and its
 * directory removed, whatever the test did.
 */
public final class Harness implements AutoCloseable {
    /** How long one runtime command may take. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final RuntimeUnderTest runtime;
    private final RuntimeDriver driver;
    private final Path work;
    private final Path stateRoot;
    private final String cgroupParent;
    private final Set<String> ids = new LinkedHashSet<>();
    private int bundles;
    private int calls;

    /**
     * @param runtime      the runtime under test
     * @param work         this test's directory (removed on close)
     * @param stateRoot    the runtime's {@code --root}
     * @param cgroupParent the cgroup every container of this run goes below (its {@code cgroupsPath}'s parent)
     */
    Harness(RuntimeUnderTest runtime, Path work, Path stateRoot, String cgroupParent) {
        this.runtime = runtime;
        this.driver = runtime.inProcess() ? new ApiDriver(stateRoot) : new BinaryDriver(runtime.command(), stateRoot);
        this.work = work;
        this.stateRoot = stateRoot;
        this.cgroupParent = cgroupParent;
    }

    /** The runtime under test. */
    public RuntimeUnderTest runtime() {
        return runtime;
    }

    /** The runtime's state root. */
    public Path stateRoot() {
        return stateRoot;
    }

    /** This test's scratch directory. */
    public Path work() {
        return work;
    }

    /** A new bundle running {@code args} (change it before it is used). */
    public Bundle bundle(String... args) {
        return Bundle.create(work.resolve("bundle-" + ++bundles), List.of(args));
    }

    /** A new bundle running {@code sh -c script}. */
    public Bundle shell(String script) {
        return bundle("sh", "-c", script);
    }

    /** A fresh container id no runtime has seen. */
    public String newId() {
        return "certify-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    }

    /** The cgroupsPath a container with {@code id} gets. */
    public String cgroupsPath(String id) {
        return cgroupParent + "/" + id;
    }

    /** Runs {@code run --bundle B ID} in the foreground: the container's output and exit status. */
    public CommandResult run(Bundle b) {
        return run(b, newId());
    }

    /** {@link #run(Bundle)} with the given id. */
    public CommandResult run(Bundle b, String id) {
        prepare(b, id);
        return call(List.of("run", "--bundle", b.dir().toString(), id));
    }

    /** {@code create --bundle B ID [flags]}, which must succeed; the container's output goes to its files. */
    public Container create(Bundle b, String... flags) {
        String id = newId();
        CommandResult r = tryCreate(b, id, flags);
        if (!r.ok()) {
            throw new AssertionError("create failed: " + r.describe());
        }
        return new Container(this, id, b);
    }

    /** {@code create} that may fail. */
    public CommandResult tryCreate(Bundle b, String id, String... flags) {
        prepare(b, id);
        List<String> args = new ArrayList<>(List.of("create", "--bundle", b.dir().toString()));
        args.addAll(List.of(flags));
        args.add(id);
        return call(args);
    }

    private void prepare(Bundle b, String id) {
        ids.add(id);
        b.cgroupsPath(cgroupsPath(id));
        b.write();
    }

    /** Runs the runtime with {@code --root STATE} and {@code args}; output through files, so a container may hold them. */
    public CommandResult call(List<String> args) {
        int n = ++calls;
        Path out = work.resolve("call-" + n + ".out");
        Path err = work.resolve("call-" + n + ".err");
        try {
            int exit = driver.call(args, out, err);
            // Bytes, decoded leniently: a container may print anything.
            return new CommandResult(driver.commandLine(args), exit, new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", driver.commandLine(args)) + " or read its output: " + e, e);
        }
    }

    /** {@code call} with varargs. */
    public CommandResult call(String... args) {
        return call(List.of(args));
    }

    /** The state JSON of {@code id}, which must be readable. */
    public JsonNode state(String id) {
        CommandResult r = call("state", id);
        if (!r.ok()) {
            throw new AssertionError("state failed: " + r.describe());
        }
        return Json.parse(r.stdout(), "the state of " + id);
    }

    /** Waits until {@code id}'s status is {@code status}; the last state seen otherwise. */
    public JsonNode awaitStatus(String id, String status, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode s = state(id);
        while (!s.path("status").asText().equals(status) && System.nanoTime() < end) {
            sleep(100);
            s = state(id);
        }
        return s;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until {@code file} exists (a container's sign of life); false on timeout. */
    public static boolean awaitFile(Path file, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    /** The ids this test used. */
    public Set<String> ids() {
        return Set.copyOf(ids);
    }

    /** Deletes every container of this test (forced) and removes its directory. */
    @Override
    public void close() {
        for (String id : ids) {
            call("delete", "--force", id);
        }
        for (String id : ids) {
            for (Path h : HostCgroups.mountPoints()) {
                Path dir = h.resolve(cgroupsPath(id).substring(1));
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // A cgroup still holding a process cannot go; the cleanup tests report it.
                }
            }
        }
        driver.close();
        removeTree(work);
    }

    /** Removes a directory tree, not following links; what cannot go stays (a mount still on it). */
    public static void removeTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Reported by the caller's own checks; keep removing the rest.
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // As above.
        }
    }
}
