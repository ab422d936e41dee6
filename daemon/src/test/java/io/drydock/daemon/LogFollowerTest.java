package io.drydock.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {
    @TempDir
    Path dir;

    /** Collects what is written, as a client would receive it. */
    static final class Collected implements StreamSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(ByteBuffer b) {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            bytes.writeBytes(copy);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void tailOffset_lastLines() throws IOException {
        Path log = Files.writeString(dir.resolve("log"), "a\nbb\nccc\n");
        assertThat(LogFollower.tailOffset(log, 1)).isEqualTo(5);
        assertThat(LogFollower.tailOffset(log, 2)).isEqualTo(2);
        assertThat(LogFollower.tailOffset(log, 5)).isZero();
        assertThat(LogFollower.tailOffset(log, 0)).isEqualTo(9);
        assertThat(LogFollower.tailOffset(log, -1)).isZero();
    }

    @Test
    void copy_withoutFollow_sendsTheFileAsOneStdoutFrame() throws IOException {
        Path log = Files.writeString(dir.resolve("log"), "hi\n");
        Collected sink = new Collected();
        try (LogFollower.Source s = LogFollower.Source.open(log, 0)) {
            s.copy(false, () -> false, sink, true);
        }
        byte[] out = sink.bytes.toByteArray();
        assertThat(out).hasSize(11);
        assertThat(out[0]).isEqualTo((byte) StreamFrames.STDOUT);
        assertThat(new String(out, 8, 3, StandardCharsets.UTF_8)).isEqualTo("hi\n");
    }

    @Test
    void copy_following_readsWhatIsAppendedUntilExited_evenAfterTheFileIsRemoved() throws Exception {
        Path log = dir.resolve("containers/c/log"); // not there yet: the container has not started
        AtomicInteger polls = new AtomicInteger();
        Collected sink = new Collected();
        try (LogFollower.Source s = LogFollower.Source.open(log, 0)) {
            s.copy(true, () -> {
                int n = polls.incrementAndGet();
                try {
                    if (n == 2) {
                        Files.writeString(log, "one\n", java.nio.file.StandardOpenOption.APPEND);
                    } else if (n >= 4) {
                        if (n > 4) {
                            return true; // exited stays exited
                        }
                        Files.writeString(log, "two\n", java.nio.file.StandardOpenOption.APPEND);
                        Files.delete(log); // --rm removes the log as the container exits
                        return true;
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return false;
            }, sink, false);
        }
        assertThat(sink.bytes.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
    }
}
