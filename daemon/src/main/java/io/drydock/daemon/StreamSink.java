package io.drydock.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a container's output goes: a streamed response body or a hijacked connection. Writes block. */
public interface StreamSink extends AutoCloseable {
    /** Writes the bytes and flushes them to the client. */
    void write(ByteBuffer bytes) throws IOException;

    /** Whether the client is still connected. */
    boolean isOpen();

    /** Ends the stream. */
    @Override
    void close() throws IOException;

    /**
     * Writes {@code len} bytes of {@code data}: as one frame of {@code stream} when {@code
     * multiplexed}, else as they are (a TTY's single stream).
     */
    default void output(boolean multiplexed, int stream, byte[] data, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        write(multiplexed ? StreamFrames.frame(stream, data, off, len) : ByteBuffer.wrap(data, off, len));
    }
}
