package io.drydock.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalRelayIT {
    /** SIGUSR1's number on Linux (signal(7)). */
    private static final int SIGUSR1 = 10;

    @Test
    void open_passesThisJvmsSignalsToTheProcess_andClosingGivesThemBack() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "trap 'echo got-usr1; kill $!; exit 7' USR1; echo ready; sleep 20 & wait")
            .redirectErrorStream(true).start();
        assertThat(new String(child.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
        LinuxSyscalls sys = new LinuxSyscalls();
        try (SignalRelay relay = SignalRelay.to(sys, (int) child.pid())) {
            assertThat(relay.relayed()).contains("TERM", "HUP", "USR1", "WINCH").doesNotContain("QUIT");
            sys.kill((int) ProcessHandle.current().pid(), SIGUSR1);
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("the child ended after the relayed SIGUSR1").isTrue();
            assertThat(child.exitValue()).isEqualTo(7);
            assertThat(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("got-usr1");
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
    }
}
