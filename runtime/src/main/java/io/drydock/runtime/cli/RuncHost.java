package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerException;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.process.Stdio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where one runc command line runs: the caller's working directory (relative paths on the
 * command line resolve against it), its environment, its stdio fds, and the runtime the command
 * drives. {@link #local()} is this process itself; the daemon serves a front end's call with the
 * caller's directory and environment, copies of its fds, and a runtime whose process calls
 * happen in the front end.
 *
 * @param callerFds the caller's fds 0, 1, 2 and its --preserve-fds ones as this process holds
 *     them, or null for this process's own 0, 1, 2, 3, ...
 */
public record RuncHost(Path cwd, Map<String, String> env, int[] callerFds, RuntimeOpener runtimes) {
    /** Opens the runtime over a state root (runc's --root). */
    @FunctionalInterface
    public interface RuntimeOpener {
        ContainerRuntime open(Path root) throws ContainerException;
    }

    public RuncHost {
        Objects.requireNonNull(cwd, "cwd");
        if (!cwd.isAbsolute()) {
            throw new IllegalArgumentException("working directory must be absolute: " + cwd);
        }
        env = Map.copyOf(env);
        Objects.requireNonNull(runtimes, "runtimes");
    }

    /** This process: its own directory, environment and fds, and the host runtime. */
    public static RuncHost local() {
        return new RuncHost(Path.of("").toAbsolutePath(), System.getenv(), null, ContainerRuntime::open);
    }

    /** Whether DRYDOCK_DEBUG is set: stack traces for every error. */
    boolean debugRequested() {
        return env.containsKey("DRYDOCK_DEBUG");
    }

    /**
     * The stdio a created or exec'd process gets: the caller's 0, 1, 2 and {@code preserveFds}
     * more (3 ...).
     *
     * @throws UsageException when the caller passed fewer fds than {@code preserveFds} asks for
     */
    Stdio stdio(String command, int preserveFds) throws UsageException {
        if (callerFds == null) {
            List<Integer> preserved = new ArrayList<>();
            for (int i = 0; i < preserveFds; i++) {
                preserved.add(3 + i);
            }
            return new Stdio(0, 1, 2, preserved);
        }
        if (callerFds.length < 3 + preserveFds) {
            throw new UsageException(command, "--preserve-fds " + preserveFds + ": the caller passed only "
                + (callerFds.length - 3) + " fds beyond stdio");
        }
        List<Integer> preserved = new ArrayList<>();
        for (int i = 0; i < preserveFds; i++) {
            preserved.add(callerFds[3 + i]);
        }
        return new Stdio(callerFds[0], callerFds[1], callerFds[2], preserved);
    }
}
