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
 * when it returns. What the client sends (standard input) is read and dropped: drydock's engine
 * runs containers with standard input on {@code /dev/null}.
 */
final class HijackedConnection extends AbstractConnection implements StreamSink {
    private final Consumer<StreamSink> producer;
    private final ByteBuffer input = BufferUtil.allocate(8192);

    HijackedConnection(EndPoint endPoint, Executor executor, Consumer<StreamSink> producer) {
        super(endPoint, executor);
        this.producer = producer;
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
                    return; // the client closed its side (no standard input): output may go on
                }
                if (n == 0) {
                    fillInterested();
                    return;
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
