package io.drydock.runtime.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C front end (target/drydock-runc) on its own, against crafted daemon messages on a real
 * socket: what it sends, how it spawns, waits and exits, and how it refuses bad messages.
 */
class FrontEndIT {
  static final Path BUILT = Path.of("target", "drydock-runc").toAbsolutePath();

  private final Syscalls sys = new LinuxSyscalls();
  @TempDir
  Path tmp;
  private Path frontEnd;
  private Path socket;
  private int listenFd = -1;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(Files.isExecutable(BUILT), "the runtime module's build compiles the front end");
    // A copy beside a stand-in for the JVM path, which prints what it was given.
    frontEnd = tmp.resolve("drydock-runc");
    Files.copy(BUILT, frontEnd, StandardCopyOption.COPY_ATTRIBUTES);
    Path jvm = tmp.resolve("drydock-runc-jvm");
    Files.writeString(jvm, "#!/bin/sh\necho \"jvm path: $*\"\nexit 5\n");
    Files.setPosixFilePermissions(jvm, PosixFilePermissions.fromString("rwx------"));
    socket = tmp.resolve("runc.sock");
  }

  @AfterEach
  void tearDown() {
    if (listenFd >= 0) {
      sys.close(listenFd);
    }
  }

  private record Call(Process process, int conn, CallerRequest request, Path out, Path err) {
    String stdout() throws IOException {
      return Files.readString(out);
    }

    String stderr() throws IOException {
      return Files.readString(err);
    }
  }

  private Process start(String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(frontEnd.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
        .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
    pb.environment().put("DRYDOCK_RUNC_SOCKET", socket.toString());
    pb.environment().put("DRYDOCK_TEST_MARK", "x=y");
    pb.environment().remove("DRYDOCK_RUNC_JVM");
    return pb.start();
  }

  /** Starts the front end and accepts its call. */
  private Call call(String... args) throws IOException {
    listenFd = sys.listenUnix(socket.toString(), Syscalls.SOCK_SEQPACKET, 4);
    Process p = start(args);
    assertThat(sys.poll(listenFd, Syscalls.POLLIN, 10_000)).as("the front end connects").isNotZero();
    int conn = sys.accept(listenFd);
    Syscalls.SocketMessage m = sys.receiveMessage(conn, PlannerMessage.MAX_MESSAGE, PlannerMessage.MAX_FDS);
    CallerRequest req = CallerRequest.decode(PlannerMessage.decode(m.data(), m.fds()));
    return new Call(p, conn, req, tmp.resolve("out.txt"), tmp.resolve("err.txt"));
  }

  private PlannerMessage.Reader answer(int conn) {
    Syscalls.SocketMessage m = sys.receiveMessage(conn, PlannerMessage.MAX_MESSAGE, PlannerMessage.MAX_FDS);
    PlannerMessage r = PlannerMessage.decode(m.data(), m.fds());
    assertThat(r.tag()).isEqualTo(PlannerTag.RESULT);
    return r.reader();
  }

  private void send(int conn, PlannerTag tag, byte[] payload, int... fds) {
    sys.sendMessage(conn, new PlannerMessage(tag, payload, fds).encode(), fds);
  }

  private static int exit(Process p) throws InterruptedException {
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the front end exits").isTrue();
    return p.exitValue();
  }

  private void closeAll(Call c) {
    for (int fd : c.request().fds()) {
      sys.close(fd);
    }
    sys.close(c.conn());
  }

  @Test
  void request_spawnWaitExit_runAsTheDaemonAsks() throws Exception {
    Call c = call("--root", "/r", "run", "--preserve-fds", "1", "id1");
    assertThat(c.request().args()).containsExactly("--root", "/r", "run", "--preserve-fds", "1", "id1");
    assertThat(c.request().cwd()).isEqualTo(tmp.toRealPath());
    assertThat(c.request().env()).containsEntry("DRYDOCK_TEST_MARK", "x=y").doesNotContainKey("PATH");
    assertThat(c.request().fds()).hasSize(4); // stdio and one preserved (closed there: /dev/null)

    FdPair pipe = sys.pipe2(Syscalls.O_CLOEXEC);
    byte[] spawn = new PlannerMessage.Writer().putString("/bin/sh")
        .putStrings(List.of("sh", "-c", "echo spawned >&3; echo to-stdout; exit 3")).putStrings(List.of("PATH=/bin"))
        .putInt(4).putInt(0).putInt(1).putInt(2).putInt(3).toBytes();
    int[] r = c.request().fds();
    send(c.conn(), PlannerTag.SPAWN, spawn, r[0], r[1], r[2], pipe.second());
    sys.close(pipe.second());
    PlannerMessage.Reader spawned = answer(c.conn());
    int pid = spawned.getInt();
    assertThat(pid).isPositive();

    send(c.conn(), PlannerTag.WAIT, new PlannerMessage.Writer().putInt(pid).putInt(0).toBytes());
    PlannerMessage.Reader waited = answer(c.conn());
    assertThat(waited.getInt()).isEqualTo(pid);
    assertThat(waited.getInt()).isEqualTo(3 << 8); // exited with 3
    byte[] buf = new byte[64];
    int n = sys.read(pipe.first(), buf, buf.length);
    sys.close(pipe.first());
    assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("spawned\n");

    send(c.conn(), PlannerTag.SUBREAPER, new byte[0]);
    assertThat(answer(c.conn()).getInt()).isZero();
    send(c.conn(), PlannerTag.EXIT, new PlannerMessage.Writer().putInt(7).toBytes());
    assertThat(exit(c.process())).isEqualTo(7);
    assertThat(c.stdout()).isEqualTo("to-stdout\n");
    closeAll(c);
  }

  @Test
  void spawn_ofAMissingProgram_answersItsErrno() throws Exception {
    Call c = call("state", "x");
    byte[] spawn = new PlannerMessage.Writer().putString("/nonexistent/prog").putStrings(List.of("prog"))
        .putStrings(List.of()).putInt(0).toBytes();
    send(c.conn(), PlannerTag.SPAWN, spawn);
    assertThat(answer(c.conn()).getInt()).isEqualTo(-2); // ENOENT
    send(c.conn(), PlannerTag.EXIT, new PlannerMessage.Writer().putInt(0).toBytes());
    assertThat(exit(c.process())).isZero();
    closeAll(c);
  }

  @Test
  void messageOfAnotherVersion_endsTheCallWithAnError() throws Exception {
    Call c = call("list");
    byte[] wire = new PlannerMessage(PlannerTag.EXIT, new byte[4], null).encode();
    wire[0] = 9;
    sys.sendMessage(c.conn(), wire, new int[0]);
    assertThat(exit(c.process())).isEqualTo(1);
    assertThat(c.stderr()).startsWith("drydock-runc: bad message from the daemon (version 9, tag 19");
    closeAll(c);
  }

  @Test
  void fdsWithAMessageThatTakesNone_orAnUnknownTag_areRefused() throws Exception {
    Call c = call("list");
    send(c.conn(), PlannerTag.WAIT, new PlannerMessage.Writer().putInt(1).putInt(0).toBytes(), c.request().fds()[0]);
    assertThat(exit(c.process())).isEqualTo(1);
    assertThat(c.stderr()).contains("passed fds with a message that takes none");
    closeAll(c);
    sys.close(listenFd);
    listenFd = -1;
    Files.delete(socket);

    Call d = call("list");
    byte[] wire = new PlannerMessage(PlannerTag.EXIT, new byte[4], null).encode();
    wire[4] = 77;
    sys.sendMessage(d.conn(), wire, new int[0]);
    assertThat(exit(d.process())).isEqualTo(1);
    assertThat(d.stderr()).contains("unknown message 77 from the daemon");
    closeAll(d);
  }

  @Test
  void daemonClosingMidCall_isAnError() throws Exception {
    Call c = call("state", "x");
    closeAll(c);
    assertThat(exit(c.process())).isEqualTo(1);
    assertThat(c.stderr()).contains("the daemon closed the connection before the command finished");
  }

  @Test
  void fallback_execsTheJvmPathWithTheSameArguments() throws Exception {
    Call c = call("state", "x");
    send(c.conn(), PlannerTag.FALLBACK, new PlannerMessage.Writer().putString("test").toBytes());
    assertThat(exit(c.process())).isEqualTo(5);
    assertThat(c.stdout()).isEqualTo("jvm path: state x\n");
    closeAll(c);
  }

  @Test
  void noDaemon_whenOneIsRequired_failsNamingTheSocket() throws Exception {
    List<String> cmd = List.of(frontEnd.toString(), "list");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("err.txt").toFile());
    pb.environment().put("DRYDOCK_RUNC_SOCKET", socket.toString());
    pb.environment().put("DRYDOCK_RUNC_REQUIRE_DAEMON", "1");
    assertThat(exit(pb.start())).isEqualTo(1);
    assertThat(Files.readString(tmp.resolve("err.txt")))
        .isEqualTo("drydock-runc: no daemon serves " + socket + ", and DRYDOCK_RUNC_REQUIRE_DAEMON is set\n");
  }

  @Test
  void noDaemon_execsTheJvmPath() throws Exception {
    Process p = start("--root", "/r", "list");
    assertThat(exit(p)).isEqualTo(5);
    assertThat(Files.readString(tmp.resolve("out.txt"))).isEqualTo("jvm path: --root /r list\n");
  }
}
