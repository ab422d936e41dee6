package io.drydock.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/** A streamed (chunked) response body: logs, events, pull/push/build progress, wait. */
final class ResponseSink implements StreamSink {
    private final Request request;
    private final OutputStream out;

    ResponseSink(Request request, Response response) {
        this.request = request;
        this.out = Content.Sink.asOutputStream(response);
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        if (bytes.hasArray()) {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        } else {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            out.write(copy);
        }
        out.flush();
    }

    /** Writes one JSON message and a newline. */
    void json(Object message) throws IOException {
        byte[] b = DaemonJson.write(message);
        out.write(b);
        out.write('\n');
        out.flush();
    }

    @Override
    public boolean isOpen() {
        return request.getConnectionMetaData().getConnection().getEndPoint().isOpen();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
