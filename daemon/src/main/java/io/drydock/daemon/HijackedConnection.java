package io.drydock.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.FutureCallback;

/**
 * The raw stream an attach or exec start switches to after {@code 101 Switching Protocols}
 * ({@code Upgrade: tcp}), as the docker CLI expects of {@code docker run} without {@code -d}
 * and of {@code docker exec}. Jetty hands the connection's end point over to this connection
 * once the 101 response is written (the request attribute
 * {@link org.eclipse.jetty.server.HttpStream#UPGRADE_CONNECTION_ATTRIBUTE}); {@code producer}
 * then runs on its own thread, writing output with blocking writes, and the connection is closed
 * when it returns. What the client sends (standard input) goes to {@code stdin}, or is read and
 * dropped when there is none (the process's standard input is {@code /dev/null}).
 */
final class HijackedConnection extends AbstractConnection implements StreamSink {
    /** Where what the client sends goes. */
    interface Input {
        /** Takes the bytes the client sent; may block briefly. */
        void accept(ByteBuffer bytes) throws IOException;

        /** The client closed its side (its standard input ended). */
        void end();
    }

    private final Consumer<StreamSink> producer;
    private final Input stdin;
    private final ByteBuffer input = BufferUtil.allocate(8192);

    HijackedConnection(EndPoint endPoint, Executor executor, Consumer<StreamSink> producer, Input stdin) {
        super(endPoint, executor);
        this.producer = producer;
        this.stdin = stdin;
    }

    @Override
    public void onOpen() {
        super.onOpen();
        fillInterested();
        Thread.ofVirtual().name("drydock-stream").start(() -> {
            try {
                producer.accept(this);
            } finally {
                getEndPoint().close();
            }
        });
    }

    @Override
    public void onFillable() {
        try {
            while (true) {
                BufferUtil.clear(input);
                int n = getEndPoint().fill(input);
                if (n < 0) {
                    if (stdin != null) {
                        stdin.end();
                    }
                    return; // the client closed its side (end of its input): output may go on
                }
                if (n == 0) {
                    fillInterested();
                    return;
                }
                if (stdin != null) {
                    stdin.accept(input);
                }
            }
        } catch (IOException e) {
            getEndPoint().close(e);
        }
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        FutureCallback done = new FutureCallback();
        getEndPoint().write(done, bytes);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted writing to the client", e);
        } catch (ExecutionException e) {
            throw new IOException("client went away: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public boolean isOpen() {
        return getEndPoint().isOpen();
    }
}
