package io.drydock.daemon;

import java.nio.ByteBuffer;

/**
 * The multiplexed stream format of attach, logs and exec when the container has no TTY: each
 * frame is an 8-byte header (stream type: 0 stdin, 1 stdout, 2 stderr; three zero bytes; the
 * payload length, 32-bit big-endian) and the payload.
 */
public final class StreamFrames {
    /** Stream type of standard output. */
    public static final int STDOUT = 1;
    /** Stream type of standard error. */
    public static final int STDERR = 2;

    private StreamFrames() {
    }

    /** One frame holding {@code len} bytes of {@code data} from {@code off}. */
    public static ByteBuffer frame(int stream, byte[] data, int off, int len) {
        if (stream < 0 || stream > 2) {
            throw new IllegalArgumentException("stream type " + stream + " is not 0, 1 or 2");
        }
        ByteBuffer b = ByteBuffer.allocate(8 + len);
        b.put((byte) stream).put((byte) 0).put((byte) 0).put((byte) 0).putInt(len).put(data, off, len);
        return b.flip();
    }
}
