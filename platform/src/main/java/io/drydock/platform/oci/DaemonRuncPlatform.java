package io.drydock.platform.oci;

import io.drydock.platform.Instance;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.Platform;
import io.drydock.platform.PlatformException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code drydock-runc} with a daemon: the distribution's native front end, served by a
 * {@code drydock daemon} this platform starts on its own socket (below its work directory) and
 * stops on close. The front end is told to fail rather than fall back to its JVM path, so every
 * figure is the daemon path's.
 */
public final class DaemonRuncPlatform implements Platform {
    /** The name in results. */
    public static final String NAME = "drydock-runc-daemon";
    private static final long LISTEN_TIMEOUT_SECONDS = 60;

    private final OciRuntimePlatform runtime;
    private final Process daemon;
    private final Path socket;

    private DaemonRuncPlatform(OciRuntimePlatform runtime, Process daemon, Path socket) {
        this.runtime = runtime;
        this.daemon = daemon;
        this.socket = socket;
    }

    /**
     * Starts the daemon and waits until it listens.
     *
     * @param home the distribution (bin/drydock, bin/drydock-runc)
     * @param work a fresh directory this platform owns
     */
    public static DaemonRuncPlatform start(Path home, Path work) throws PlatformException {
        Path socket = work.resolve("runc.sock");
        Path log = work.resolve("daemon.log");
        Process p;
        try {
            Files.createDirectories(work);
            p = new ProcessBuilder(home.resolve("bin/drydock").toString(), "daemon", "--serve", "runc", "--runc-socket", socket.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new PlatformException(NAME, "cannot start drydock daemon: " + e.getMessage(), e);
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LISTEN_TIMEOUT_SECONDS);
            while (!Files.exists(socket)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new PlatformException(NAME, "drydock daemon did not listen on " + socket + ": "
                        + Files.readString(log).strip());
                }
                Thread.sleep(10);
            }
            OciRuntimePlatform runtime = new OciRuntimePlatform(NAME, List.of(home.resolve("bin/drydock-runc").toString()),
                work.resolve("runtime"), Map.of("DRYDOCK_RUNC_SOCKET", socket.toString(), "DRYDOCK_RUNC_REQUIRE_DAEMON", "1"));
            return new DaemonRuncPlatform(runtime, p, socket);
        } catch (IOException | PlatformException | RuntimeException e) {
            p.destroyForcibly();
            throw e instanceof PlatformException pe ? pe : new PlatformException(NAME, e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PlatformException(NAME, "interrupted starting drydock daemon", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Writes the instance's bundle now, so that no start pays for it. */
    public Path prepare(InstanceSpec spec) throws PlatformException {
        return runtime.prepare(spec);
    }

    @Override
    public Instance start(InstanceSpec spec, Consumer<String> output) throws PlatformException {
        return runtime.start(spec, output);
    }

    /** Removes the bundles and state, then stops the daemon (SIGTERM), which removes its socket. */
    @Override
    public void close() throws PlatformException {
        try {
            runtime.close();
        } finally {
            daemon.destroy();
            try {
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor();
                }
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                throw new PlatformException(NAME, "cannot remove " + socket + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException(NAME, "interrupted stopping drydock daemon", e);
            }
        }
    }
}
