package io.drydock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhProgressTest {
    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private final AtomicLong clock = new AtomicLong();

    private String terminal() {
        return terminal.toString(StandardCharsets.UTF_8);
    }

    @Test
    void println_forkAndEtaLines_goToTheLogAndTheStatusShowsForkAndTimeLeft(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("jmh").resolve("startup.log");
        JmhProgress p = new JmhProgress(log, new StatusLine(new PrintStream(terminal, true, StandardCharsets.UTF_8), false),
            "startup", clock::get);
        p.println("# Run progress: 25.00% complete, ETA 00:01:05");
        p.println("WARNING: sun.misc.Unsafe::objectFieldOffset has been called");
        clock.set(12_000_000_000L);
        p.println("# Fork: 2 of 5");
        p.finish();

        assertThat(Files.readAllLines(log)).containsExactly("# Run progress: 25.00% complete, ETA 00:01:05",
            "WARNING: sun.misc.Unsafe::objectFieldOffset has been called", "# Fork: 2 of 5");
        assertThat(terminal()).isEqualTo("startup · fork 2 of 5 · 12s elapsed · about 1m05s left" + System.lineSeparator());
        assertThat(terminal()).doesNotContain("WARNING", "Unsafe");
    }

    @Test
    void close_relayedByAFork_keepsTheLogOpenForTheNextForks(@TempDir Path dir) throws Exception {
        // Each fork ends with close() on the host's output: a second fork's lines (a stack trace
        // of a failed benchmark among them) must still reach the log.
        Path log = dir.resolve("network.log");
        JmhProgress p = new JmhProgress(log, new StatusLine(new PrintStream(terminal, true, StandardCharsets.UTF_8), false),
            "network", clock::get);
        p.println("# Fork: 1 of 1");
        p.close();
        p.println("# Fork: 1 of 1");
        p.println("<failure>");
        p.finish();

        assertThat(Files.readAllLines(log)).containsExactly("# Fork: 1 of 1", "# Fork: 1 of 1", "<failure>");
    }

    @Test
    void firstFailure_failedFork_isTheExceptionsMessageWithoutItsClassName(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("network-app.log");
        Files.write(log, List.of("# Fork: 1 of 1", "<failure>", "",
            "io.drydock.platform.workload.NetworkToolOutputException: redis-benchmark output, line 1: not CSV",
            "\tat io.drydock.platform.workload.RedisBenchmarkResult.parse(RedisBenchmarkResult.java:94)", "<failure>", "",
            "java.io.IOException: second"));

        assertThat(JmhProgress.firstFailure(log)).contains("redis-benchmark output, line 1: not CSV");
    }

    @Test
    void firstFailure_noFailureInTheLog_isEmpty(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("network.log");
        Files.write(log, List.of("# Fork: 1 of 1", "# Run complete."));

        assertThat(JmhProgress.firstFailure(log)).isEmpty();
        assertThat(JmhProgress.firstFailure(dir.resolve("missing.log"))).isEmpty();
    }

    @Test
    void show_onATerminal_redrawsInPlaceAndClearLeavesACleanLine() {
        StatusLine s = new StatusLine(new PrintStream(terminal, true, StandardCharsets.UTF_8), true);
        s.show("startup · fork 1 of 5");
        s.show("startup · fork 2");
        s.clear();
        assertThat(terminal()).isEqualTo("\rstartup · fork 1 of 5" + "\rstartup · fork 2     "
            + "\r" + " ".repeat("startup · fork 1 of 5".length()) + "\r");
        assertThat(terminal()).doesNotContain("\n");
    }

    @Test
    void show_offATerminal_printsEachDistinctStatusOnceWithoutControlCharacters() {
        StatusLine s = new StatusLine(new PrintStream(terminal, true, StandardCharsets.UTF_8), false);
        for (String status : List.of("a", "a", "b")) {
            s.show(status);
        }
        s.clear();
        assertThat(terminal()).isEqualTo("a" + System.lineSeparator() + "b" + System.lineSeparator());
        assertThat(terminal()).doesNotContain("\r");
    }
}
