package io.drydock.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleWatchTest {
    @TempDir
    Path dir;

    @Test
    void await_nothingWritten_timesOutFalse() throws Exception {
        try (ConsoleWatch w = ConsoleWatch.open(dir.resolve("console.log"))) {
            assertThat(w.await(Duration.ofMillis(50))).isFalse();
        }
    }

    @Test
    void await_consoleCreatedThenAppended_wakesForEachAndTheReaderSeesTheMarker() throws Exception {
        Path log = dir.resolve("console.log");
        try (ConsoleWatch w = ConsoleWatch.open(log)) {
            // Another thread plays QEMU so the wait is really blocked when the write lands.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(50);
                    Files.writeString(log, "booting\n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(w.await(Duration.ofSeconds(30))).isTrue();
            writer.get(30, TimeUnit.SECONDS);
            w.await(Duration.ofMillis(50)); // whatever the first wake-up left to drain
            Files.writeString(log, ConsoleLog.READY + "\n", StandardOpenOption.APPEND);
            assertThat(w.await(Duration.ofSeconds(30))).isTrue();
            ConsoleLog c = new ConsoleLog(log);
            c.poll();
            assertThat(c.ready()).isTrue();
        }
    }

    @Test
    void open_missingDirectory_failsNamingIt() {
        Path missing = dir.resolve("gone/console.log");
        assertThatThrownBy(() -> ConsoleWatch.open(missing)).isInstanceOf(VmException.class)
            .hasMessageContaining("watch console").hasMessageContaining(missing.getParent().toString());
    }
}
