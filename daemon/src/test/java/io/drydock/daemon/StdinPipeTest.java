package io.drydock.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.drydock.runtime.sys.Errno;
import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdinPipeTest {
    /**
     * One pipe in memory, of {@code capacity} bytes, for the calls StdinPipe makes: a non-blocking
     * write end answers EAGAIN when it is full and EPIPE once the read end is closed.
     */
    static final class MemoryPipe {
        static final int READ = 10;
        static final int WRITE = 11;
        final int capacity;
        final ByteArrayOutputStream buffered = new ByteArrayOutputStream();
        final ByteArrayOutputStream drained = new ByteArrayOutputStream();
        final List<Integer> closed = new ArrayList<>();
        boolean readerGone;
        int writeFlags;

        MemoryPipe(int capacity) {
            this.capacity = capacity;
        }

        Syscalls syscalls() {
            return (Syscalls) Proxy.newProxyInstance(Syscalls.class.getClassLoader(), new Class<?>[] {Syscalls.class},
                    (proxy, method, args) -> {
                        synchronized (this) {
                            return switch (method.getName()) {
                                case "pipe2" -> new FdPair(READ, WRITE);
                                case "fcntl" -> fcntl((int) args[1], (int) args[2]);
                                case "write" -> write((byte[]) args[1], (int) args[2], (int) args[3]);
                                case "close" -> {
                                    closed.add((int) args[0]);
                                    yield null;
                                }
                                default -> throw new AssertionError("StdinPipe does not call " + method.getName());
                            };
                        }
                    });
        }

        private int fcntl(int cmd, int arg) {
            if (cmd == Syscalls.F_SETFL) {
                writeFlags = arg;
            }
            return cmd == Syscalls.F_GETFL ? writeFlags : 0;
        }

        private int write(byte[] buf, int off, int len) {
            if (readerGone) {
                throw new SyscallException("write", "fd " + WRITE, Errno.EPIPE, "Broken pipe");
            }
            int n = Math.min(len, capacity - buffered.size());
            if (n == 0) {
                throw new SyscallException("write", "fd " + WRITE, Errno.EAGAIN, "Resource temporarily unavailable");
            }
            buffered.write(buf, off, n);
            return n;
        }

        synchronized void drain() {
            drained.writeBytes(buffered.toByteArray());
            buffered.reset();
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void open_makesTheWriteEndNonBlocking() throws Exception {
        MemoryPipe mem = new MemoryPipe(64);
        try (StdinPipe p = StdinPipe.open(mem.syscalls(), true)) {
            assertThat(mem.writeFlags & Syscalls.O_NONBLOCK).isNotZero();
            assertThat(p.readFd()).isEqualTo(MemoryPipe.READ);
        }
    }

    @Test
    void accept_moreThanThePipeHolds_isWrittenAsTheReaderDrainsIt() throws Exception {
        MemoryPipe mem = new MemoryPipe(8);
        try (StdinPipe p = StdinPipe.open(mem.syscalls(), true)) {
            Thread reader = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    mem.drain();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            String text = "0123456789".repeat(10);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> p.accept(bytes(text)));
            reader.interrupt();
            reader.join();
            mem.drain();
            assertThat(mem.drained.toString(StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void accept_afterTheReaderIsGone_dropsTheInput() throws Exception {
        MemoryPipe mem = new MemoryPipe(8);
        mem.readerGone = true;
        try (StdinPipe p = StdinPipe.open(mem.syscalls(), true)) {
            p.accept(bytes("lost"));
            assertThat(mem.buffered.size()).isZero();
        }
    }

    @Test
    void accept_onAFullPipe_endsWhenThePipeIsClosed() throws Exception {
        MemoryPipe mem = new MemoryPipe(4);
        StdinPipe p = StdinPipe.open(mem.syscalls(), true);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                p.accept(bytes("more than four"));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        Thread.sleep(50);
        p.close();
        assertThat(writer.join(Duration.ofSeconds(5))).isTrue();
        assertThat(mem.buffered.toString(StandardCharsets.UTF_8)).isEqualTo("more");
        assertThat(mem.closed).containsExactlyInAnyOrder(MemoryPipe.READ, MemoryPipe.WRITE);
    }

    @Test
    void end_withStdinOnce_closesTheWriteEnd_withoutItKeepsItOpen() throws Exception {
        MemoryPipe once = new MemoryPipe(64);
        try (StdinPipe p = StdinPipe.open(once.syscalls(), true)) {
            p.closeReadEnd();
            p.end();
            assertThat(once.closed).containsExactly(MemoryPipe.READ, MemoryPipe.WRITE);
            p.accept(bytes("after the end"));
            assertThat(once.buffered.size()).isZero();
        }
        assertThat(once.closed).hasSize(2); // close() closes nothing twice
        MemoryPipe kept = new MemoryPipe(64);
        try (StdinPipe p = StdinPipe.open(kept.syscalls(), false)) {
            p.end();
            assertThat(kept.closed).isEmpty();
            p.accept(bytes("next client"));
            assertThat(kept.buffered.toString(StandardCharsets.UTF_8)).isEqualTo("next client");
        }
    }
}
