package io.drydock.runtime.planner;

import io.drydock.runtime.cli.RuncCommand;
import io.drydock.runtime.cli.RuncHost;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.process.ShimBinary;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's side of drydock-runc's planner protocol (src/main/c/frontend/planner.h): listens on
 * an AF_UNIX SOCK_SEQPACKET socket (mode 0600: root's alone) and serves each front end's call on
 * its own thread. The call's runc command line runs in this JVM, already warm, with the caller's
 * directory, DRYDOCK_* environment and stdio; spawning the shim and waiting for descendants is
 * asked of the front end ({@link FrontEndSyscalls}), so process ancestry is as with the JVM path.
 */
public final class PlannerServer implements AutoCloseable {
  /** Where drydock-runc's front end looks unless DRYDOCK_RUNC_SOCKET says otherwise. */
  public static final Path DEFAULT_SOCKET = Path.of("/run/drydock/runc.sock");
  private static final int ACCEPT_POLL_MILLIS = 200;

  private final Syscalls sys;
  private final Path socket;
  private final int listenFd;
  private final ShimBinary shim;
  private final Thread acceptor;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean closed;

  private PlannerServer(Syscalls sys, Path socket, int listenFd, ShimBinary shim) {
    this.sys = sys;
    this.socket = socket;
    this.listenFd = listenFd;
    this.shim = shim;
    this.acceptor = Thread.ofPlatform().daemon().name("runc-planner-accept").unstarted(this::acceptLoop);
  }

  /**
   * Listens on {@code socket} (its directory is made; a socket file nobody listens on any more
   * is replaced) and serves calls until {@link #close}.
   *
   * @throws IOException when the socket is in use by a live listener or cannot be made
   */
  public static PlannerServer start(Path socket) throws IOException {
    return start(socket, new LinuxSyscalls());
  }

  static PlannerServer start(Path socket, Syscalls sys) throws IOException {
    Path abs = socket.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      removeIfStale(abs);
    }
    ShimBinary shim = ShimBinary.shared(sys); // loaded now: the first call does not pay for it
    int fd;
    try {
      fd = sys.listenUnix(abs.toString(), Syscalls.SOCK_SEQPACKET, 64);
    } catch (RuntimeException e) {
      throw new IOException("cannot listen on " + abs + ": " + e.getMessage(), e);
    }
    try {
      Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | RuntimeException e) {
      sys.close(fd);
      Files.deleteIfExists(abs);
      throw e;
    }
    PlannerServer server = new PlannerServer(sys, abs, fd, shim);
    server.acceptor.start();
    return server;
  }

  /** A socket file whose listener is gone refuses connections (ECONNREFUSED): remove it. */
  private static void removeIfStale(Path socket) throws IOException {
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      throw new IOException(socket + " is in use: another daemon listens there");
    } catch (ConnectException refused) {
      Files.delete(socket);
    } catch (IOException e) {
      // A live SOCK_SEQPACKET listener answers a stream connect with EPROTOTYPE.
      throw new IOException(socket + " is in use (" + e.getMessage() + ")", e);
    }
  }

  /** The socket this server listens on. */
  public Path socket() {
    return socket;
  }

  /** How many calls were accepted so far. */
  public int callsAccepted() {
    return calls.get();
  }

  private void acceptLoop() {
    while (!closed) {
      int conn;
      try {
        if (sys.poll(listenFd, Syscalls.POLLIN, ACCEPT_POLL_MILLIS) == 0) {
          continue;
        }
        conn = sys.accept(listenFd);
      } catch (RuntimeException e) {
        if (!closed) {
          System.err.println("drydock daemon: runc planner: accept on " + socket + " failed: " + e.getMessage());
        }
        return;
      }
      int n = calls.incrementAndGet();
      Thread.ofPlatform().daemon().name("runc-planner-" + n).start(() -> serve(conn));
    }
  }

  private void serve(int conn) {
    FrontEnd frontEnd = new FrontEnd(sys, conn);
    CallerRequest request = null;
    try {
      PlannerMessage first = frontEnd.receive();
      if (first == null) {
        return;
      }
      request = CallerRequest.decode(first);
    } catch (PlannerException e) {
      // E.g. a front end of another protocol version: it can always run the command itself.
      try {
        frontEnd.fallback(e.getMessage());
      } catch (RuntimeException ignored) {
        // it went away; nothing of its call was done
      }
      closeQuietly(conn);
      return;
    } catch (RuntimeException e) {
      System.err.println("drydock daemon: runc planner: " + e.getMessage());
      closeQuietly(conn);
      return;
    }
    try {
      Syscalls callerSide = new FrontEndSyscalls(sys, frontEnd);
      RuncHost host = new RuncHost(request.cwd(), request.env(), request.fds(),
          root -> ContainerRuntime.open(root, callerSide, shim).keepingParentCgroup());
      PrintWriter out = writer(request.fds()[1]);
      PrintWriter err = writer(request.fds()[2]);
      int rc = RuncCommand.execute("drydock-runc", request.args().toArray(new String[0]), out, err, host);
      out.flush();
      err.flush();
      frontEnd.exit(rc);
    } catch (RuntimeException e) {
      // The front end went away (its caller killed it) or broke the protocol mid-call.
      System.err.println("drydock daemon: runc planner: call " + request.args() + ": " + e.getMessage());
    } finally {
      for (int fd : request.fds()) {
        closeQuietly(fd);
      }
      closeQuietly(conn);
    }
  }

  private PrintWriter writer(int fd) {
    return new PrintWriter(new OutputStreamWriter(new BufferedOutputStream(new FdOutputStream(sys, fd)),
        StandardCharsets.UTF_8), false);
  }

  private void closeQuietly(int fd) {
    try {
      sys.close(fd);
    } catch (RuntimeException e) {
      System.err.println("drydock daemon: runc planner: close fd " + fd + ": " + e.getMessage());
    }
  }

  /** Stops accepting and removes the socket; calls in progress run to their end. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      acceptor.join(ACCEPT_POLL_MILLIS * 5L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sys.close(listenFd);
    Files.deleteIfExists(socket);
    try {
      // Calls keep the shared parent cgroup while the daemon serves: remove it if no container is left in it.
      ContainerRuntime.removeEmptyParentCgroup();
    } catch (io.drydock.runtime.container.ContainerException e) {
      System.err.println("drydock daemon: runc planner: " + e.getMessage());
    }
  }
}
