package io.drydock.daemon;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineException;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Docker Engine API served on a unix socket (mode 0660, owner root) by Jetty's unix-domain
 * connector, over one {@link Engine}. Starting it reconciles the engine's records with what still
 * runs; closing it stops listening and leaves containers running, to be adopted by the next
 * daemon.
 */
public final class DockerDaemon implements AutoCloseable {
    /** Where the daemon listens unless told otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/drydock/docker.sock");

    private final Server server;
    private final ContainerSupervisor supervisor;
    private final Path socket;
    private final Path scratch;
    private final int adopted;

    private DockerDaemon(Server server, ContainerSupervisor supervisor, Path socket, Path scratch, int adopted) {
        this.server = server;
        this.supervisor = supervisor;
        this.socket = socket;
        this.scratch = scratch;
        this.adopted = adopted;
    }

    /**
     * Reconciles the engine's containers and starts listening on {@code socket}.
     *
     * @throws IOException when another daemon answers on {@code socket} or it cannot be bound
     */
    public static DockerDaemon start(Engine engine, Path socket) throws IOException, EngineException {
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (answers(socket)) {
                throw new IOException("another daemon listens on " + socket);
            }
            Files.delete(socket); // left by a daemon that was killed
        }
        Files.createDirectories(socket.getParent());
        EventLog events = new EventLog();
        ContainerSupervisor supervisor = new ContainerSupervisor(engine, events);
        int adopted = supervisor.reconcile();
        Path scratch = engine.config().imageRoot().resolve("daemon-tmp");
        QueuedThreadPool threads = new QueuedThreadPool(256, 4);
        threads.setName("drydock-api");
        threads.setDaemon(true);
        Server server = new Server(threads);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server);
        connector.setUnixDomainPath(socket);
        // logs -f, events and attach stay open as long as the client wants, silent or not
        connector.setIdleTimeout(Duration.ofDays(1).toMillis());
        server.addConnector(connector);
        server.setHandler(new EngineApi(engine, supervisor, events, new LinuxSyscalls(), scratch));
        try {
            server.start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (Exception e) {
            supervisor.close();
            try {
                server.stop();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            Files.deleteIfExists(socket);
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        return new DockerDaemon(server, supervisor, socket, scratch, adopted);
    }

    private static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** The socket listened on. */
    public Path socket() {
        return socket;
    }

    /** How many running containers of an earlier daemon this one adopted at start. */
    public int adopted() {
        return adopted;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        try {
            server.stop();
        } catch (Exception e) {
            failure = e;
        }
        supervisor.close();
        try {
            Files.deleteIfExists(socket);
            if (Files.isDirectory(scratch, LinkOption.NOFOLLOW_LINKS)) {
                try (var walk = Files.walk(scratch)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
