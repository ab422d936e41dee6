package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineException;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.network.Ipv4Subnet;
import io.drydock.runtime.network.NetworkConfig;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options of the container and image commands: where the engine keeps its state
 * ({@code --root}, {@code --state-root}, or DRYDOCK_ROOT / DRYDOCK_STATE_ROOT), the network
 * (DRYDOCK_NETWORK, DRYDOCK_BRIDGE, DRYDOCK_SUBNET, for tests that must not share the default
 * bridge), the cgroup containers go under (DRYDOCK_CGROUP_PARENT, default /drydock), and how
 * failures are reported.
 */
public final class EngineOptions {
    /** docker's exit status for a failure of the engine itself (as opposed to the container's own code). */
    public static final int EXIT_ENGINE = 125;

    @Option(names = "--root", description = "Image store and container records (default: $DRYDOCK_ROOT or /var/lib/drydock).")
    Path root;

    @Option(names = "--state-root", description = "Runtime and network state (default: $DRYDOCK_STATE_ROOT or /run/drydock/engine).")
    Path stateRoot;

    @Option(names = "--debug", description = "Print the stack trace of an error.")
    boolean debug;

    /** Opens the engine these options name. */
    Engine open() throws EngineException {
        Path images = imageRoot();
        Path state = stateRootPath();
        NetworkConfig net = NetworkConfig.of(
                System.getenv().getOrDefault("DRYDOCK_NETWORK", NetworkConfig.DEFAULT_NAME),
                System.getenv().getOrDefault("DRYDOCK_BRIDGE", NetworkConfig.DEFAULT_BRIDGE),
                System.getenv("DRYDOCK_SUBNET") == null ? NetworkConfig.DEFAULT_SUBNET
                        : Ipv4Subnet.parse(System.getenv("DRYDOCK_SUBNET")),
                state);
        String cgroupParent = System.getenv("DRYDOCK_CGROUP_PARENT");
        Engine.Config config = new Engine.Config(images, state, net);
        if (cgroupParent != null && !cgroupParent.isBlank()) {
            try {
                config = config.withCgroupParent(cgroupParent);
            } catch (IllegalArgumentException e) {
                throw new EngineException("open engine", "DRYDOCK_CGROUP_PARENT", e.getMessage(), e);
            }
        }
        return Engine.open(config);
    }

    /** The image store alone (build, pull, push), with the host's unpacker and overlay mounts. */
    ImageStore openStore() throws java.io.IOException {
        // Mounted where the engine mounts them, so that both see one layout.
        return new ImageStore(imageRoot(), Engine.mountRoot(stateRootPath()), io.drydock.runtime.image.LayerUnpacker.forHost(),
            new io.drydock.runtime.image.SyscallOverlayMounter(new io.drydock.runtime.sys.linux.LinuxSyscalls()));
    }

    /** Where a build's RUN containers keep their runtime state. */
    Path buildState() {
        return stateRootPath().resolve("build");
    }

    private Path imageRoot() {
        return (root != null ? root : env("DRYDOCK_ROOT", ImageStore.DEFAULT_ROOT)).toAbsolutePath().normalize();
    }

    private Path stateRootPath() {
        return (stateRoot != null ? stateRoot : env("DRYDOCK_STATE_ROOT", Engine.DEFAULT_STATE_ROOT)).toAbsolutePath().normalize();
    }

    private static Path env(String name, Path fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Path.of(v);
    }

    /** Exit status of a malformed value on the command line (picocli's, and runc's, usage error). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    /** Reports a malformed command-line value (its message names it) as a usage error. */
    int usage(CommandLine cmd, IllegalArgumentException e) {
        return fail(cmd, e, EXIT_USAGE);
    }

    /** Prints "drydock COMMAND: message" (the stack trace with --debug) and returns {@code status}. */
    int fail(CommandLine cmd, Exception e, int status) {
        PrintWriter err = cmd.getErr();
        String message = e instanceof NoSuchFileException n ? "no such file: " + n.getFile() : UserErrors.describe(e);
        err.println("drydock " + cmd.getCommandName() + ": " + message);
        if (debug || System.getenv("DRYDOCK_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /** One engine action on one container, for {@link #eachContainer}. */
    interface ContainerAction {
        void apply(Engine engine, String container) throws Exception;
    }

    /**
     * Opens the engine and applies {@code action} to every container in turn, printing each one
     * done (as docker kill/stop/rm do); a failure is reported and the rest still run.
     *
     * @return 0, or the failure status when any container (or opening the engine) failed
     */
    int eachContainer(CommandLine cmd, java.util.List<String> containers, ContainerAction action) {
        int status = 0;
        try (Engine e = open()) {
            for (String c : containers) {
                try {
                    action.apply(e, c);
                    System.out.println(c);
                } catch (Exception ex) {
                    status = fail(cmd, ex, UserErrors.FAILED);
                }
            }
        } catch (Exception e) {
            return fail(cmd, e, UserErrors.FAILED);
        }
        return status;
    }
}
