package io.drydock.runtime.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.sys.RecordingSyscalls;
import io.drydock.runtime.sys.RecordingSyscalls.SendMessageCall;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.WaitStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daemon's calls into a front end, over a recording fake of the socket. */
class FrontEndTest {
  private final RecordingSyscalls fake = new RecordingSyscalls();
  private final FrontEnd frontEnd = new FrontEnd(fake, 40);

  private void answer(int result, int status) {
    byte[] wire = new PlannerMessage(PlannerTag.RESULT,
        new PlannerMessage.Writer().putInt(result).putInt(status).toBytes(), null).encode();
    fake.queueMessage(new Syscalls.SocketMessage(wire, new int[0]));
  }

  private PlannerMessage sent(int i) {
    SendMessageCall c = fake.calls(SendMessageCall.class).get(i);
    return PlannerMessage.decode(c.data(), c.fds());
  }

  @Test
  void spawn_sendsPathArgvEnvTargetsAndSourceFds_returnsThePid() {
    answer(4321, 0);
    int pid = frontEnd.spawn("/proc/self/fd/6", List.of("drydock-init", "3"), List.of(),
        List.of(new Syscalls.FdMapping(120, 0), new Syscalls.FdMapping(121, 6)));
    assertThat(pid).isEqualTo(4321);
    PlannerMessage m = sent(0);
    assertThat(m.tag()).isEqualTo(PlannerTag.SPAWN);
    assertThat(m.fds()).containsExactly(120, 121);
    PlannerMessage.Reader r = m.reader();
    assertThat(r.getString()).isEqualTo("/proc/self/fd/6");
    assertThat(r.getStrings()).containsExactly("drydock-init", "3");
    assertThat(r.getStrings()).isEmpty();
    assertThat(r.getInt()).isEqualTo(2);
    assertThat(r.getInt()).isEqualTo(0);
    assertThat(r.getInt()).isEqualTo(6);
    r.end();
  }

  @Test
  void spawn_frontEndErrno_isASyscallExceptionWithIt() {
    answer(-2, 0);
    assertThatThrownBy(() -> frontEnd.spawn("/nope", List.of("x"), List.of(), List.of()))
        .isInstanceOfSatisfying(SyscallException.class, e -> assertThat(e.errno()).isEqualTo(2));
  }

  @Test
  void waitpid_decodesTheStatusWord() {
    answer(77, 3 << 8);
    assertThat(frontEnd.waitpid(77, 0)).isEqualTo(new WaitStatus.Exited(77, 3));
    answer(78, 9);
    assertThat(frontEnd.waitpid(78, 0)).isEqualTo(new WaitStatus.Signaled(78, 9, false));
    answer(0, 0);
    assertThat(frontEnd.waitpid(79, 1)).isInstanceOf(WaitStatus.NoChange.class);
  }

  @Test
  void call_frontEndGone_failsNamingTheOperation() {
    assertThatThrownBy(frontEnd::setChildSubreaper).isInstanceOf(PlannerException.class)
        .hasMessage("drydock-runc's front end went away during prctl of PR_SET_CHILD_SUBREAPER");
  }

  @Test
  void exit_sendsTheCodeAndWaitsForNothing() {
    frontEnd.exit(42);
    PlannerMessage m = sent(0);
    assertThat(m.tag()).isEqualTo(PlannerTag.EXIT);
    assertThat(m.reader().getInt()).isEqualTo(42);
    assertThat(fake.calls(RecordingSyscalls.ReceiveMessageCall.class)).isEmpty();
  }

  @Test
  void frontEndSyscalls_spawnGoesToTheFrontEnd_filesStayHere() {
    answer(555, 0);
    FrontEndSyscalls calls = new FrontEndSyscalls(fake, frontEnd);
    assertThat(calls.spawn("/bin/true", List.of("true"), List.of(), List.of())).isEqualTo(555);
    calls.mkfifo("/run/x/fifo", 0622);
    assertThat(fake.calls(RecordingSyscalls.SpawnCall.class)).isEmpty();
    assertThat(fake.calls(RecordingSyscalls.MkfifoCall.class)).hasSize(1);
  }
}
