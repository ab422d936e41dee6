package io.drydock.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

/**
 * Copies a container's log file to a client, and when following keeps copying what is appended
 * until the container has exited and the file is read to its end. drydock's engine writes a
 * container's standard output and standard error to one log file, so all of it goes out as the
 * stdout stream.
 */
final class LogFollower {
    private static final long POLL_MILLIS = 50;

    private LogFollower() {
    }

    /**
     * An open log. The file is opened (made, when the container has not started yet) before the
     * response begins and stays open: a container run with {@code --rm} has its log removed as
     * soon as it exits, and what it wrote must still reach the client.
     */
    static final class Source implements AutoCloseable {
        private final FileChannel channel;
        private long offset;

        private Source(FileChannel channel, long offset) {
            this.channel = channel;
            this.offset = offset;
        }

        /** Opens {@code log} at {@code offset} (-1: its current end), making it if missing. */
        static Source open(Path log, long offset) throws IOException {
            Files.createDirectories(log.getParent());
            FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE);
            return new Source(ch, offset < 0 ? ch.size() : offset);
        }

        /**
         * Copies to {@code sink}; with {@code follow} until {@code exited} is true and the file is
         * read to its end (the flag is sampled before each read, so no last bytes are lost).
         */
        void copy(boolean follow, BooleanSupplier exited, StreamSink sink, boolean multiplexed) throws IOException {
            byte[] buf = new byte[32 * 1024];
            while (sink.isOpen()) {
                boolean done = !follow || exited.getAsBoolean();
                int n = 0;
                int r;
                while ((r = channel.read(ByteBuffer.wrap(buf), offset)) > 0) {
                    sink.output(multiplexed, StreamFrames.STDOUT, buf, 0, r);
                    offset += r;
                    n += r;
                }
                if (done && n == 0) {
                    return;
                }
                if (n == 0) {
                    sleep();
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Where the last {@code lines} lines of the file begin (0 for all when {@code lines} is negative). */
    static long tailOffset(Path log, int lines) throws IOException {
        if (!Files.exists(log) || lines < 0) {
            return 0;
        }
        byte[] all = Files.readAllBytes(log);
        int end = all.length;
        if (end > 0 && all[end - 1] == '\n') {
            end--;
        }
        if (lines == 0) {
            return all.length;
        }
        int seen = 0;
        for (int i = end - 1; i >= 0; i--) {
            if (all[i] == '\n' && ++seen == lines) {
                return i + 1;
            }
        }
        return 0;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
