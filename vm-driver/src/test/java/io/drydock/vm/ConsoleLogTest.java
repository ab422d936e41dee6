package io.drydock.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLogTest {
    @TempDir
    Path dir;

    @Test
    void poll_markersArriveInPieces_readyOutputAndExitCodeSeen() throws Exception {
        Path f = dir.resolve("console.log");
        ConsoleLog c = new ConsoleLog(f);
        c.poll();
        assertThat(c.ready()).isFalse();
        Files.writeString(f, "[ 0.1] kernel noise\r\nDRYDOCK_REA");
        c.poll();
        assertThat(c.ready()).isFalse();
        Files.writeString(f, "DY\r\nhello\r\nno newline", StandardOpenOption.APPEND);
        c.poll();
        assertThat(c.ready()).isTrue();
        assertThat(c.exitCode()).isEmpty();
        Files.writeString(f, "DRYDOCK_EXIT=42\r\n[ 1.0] reboot: Power down\r\n", StandardOpenOption.APPEND);
        c.poll();
        assertThat(c.exitCode()).hasValue(42);
        assertThat(c.drainOutput()).isEqualTo("hello\nno newline\n");
        assertThat(c.drainOutput()).isEmpty();
    }

    @Test
    void poll_errorMarker_isReported() throws Exception {
        Path f = dir.resolve("console.log");
        Files.writeString(f, "DRYDOCK_ERROR=finit_module x.ko: No such file\n");
        ConsoleLog c = new ConsoleLog(f);
        c.poll();
        assertThat(c.error()).isEqualTo("finit_module x.ko: No such file");
    }

    @Test
    void text_dropsMarkersAndCarriageReturns() throws Exception {
        Path f = dir.resolve("console.log");
        Files.writeString(f, "DRYDOCK_READY\r\nhello\r\nDRYDOCK_EXIT=0\r\n");
        assertThat(ConsoleLog.text(f)).isEqualTo("hello\n\n");
        assertThat(ConsoleLog.text(dir.resolve("missing"))).isEmpty();
    }
}
