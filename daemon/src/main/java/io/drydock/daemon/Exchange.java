package io.drydock.daemon;

import io.drydock.daemon.wire.ErrorJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and its response: path parameters, query, body, and the ways to answer. */
final class Exchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final List<String> params;
    private final Fields query;
    private boolean answered;

    Exchange(Request request, Response response, Callback callback, List<String> params) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.params = List.copyOf(params);
        this.query = Request.extractQueryParameters(request);
    }

    /** The {@code i}th group of the route's pattern (an id, a name). */
    String param(int i) {
        return params.get(i);
    }

    /** A query parameter, or {@code null}. */
    String query(String name) {
        return query.getValue(name);
    }

    /** Every value of a repeated query parameter. */
    List<String> queryAll(String name) {
        List<String> v = query.getValues(name);
        return v == null ? List.of() : v;
    }

    /** A boolean query parameter: {@code 1} or {@code true}. */
    boolean flag(String name) {
        String v = query(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** An integer query parameter, {@code fallback} when absent. */
    int intQuery(String name, int fallback) throws ApiException {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter " + name + "='" + v + "' is not an integer");
        }
    }

    /** A request header, or {@code null}. */
    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The body as a stream. */
    InputStream bodyStream() {
        return Content.Source.asInputStream(request);
    }

    /** The whole body. */
    byte[] body() throws IOException {
        try (InputStream in = bodyStream()) {
            return in.readAllBytes();
        }
    }

    /** The body as {@code type}, {@code null} when empty. */
    <T> T body(Class<T> type) throws IOException, ApiException {
        return DaemonJson.read(body(), type);
    }

    boolean answered() {
        return answered;
    }

    /** Answers with a JSON body. */
    void json(int status, Object value) {
        bytes(status, "application/json", DaemonJson.write(value));
    }

    /** Answers with a plain-text body. */
    void text(int status, String text) {
        bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with no body (204, 304, 201). */
    void empty(int status) {
        answered = true;
        response.setStatus(status);
        response.write(true, null, callback);
    }

    /** Answers with the Engine API's error body. */
    void error(int status, String message) {
        json(status, new ErrorJson(message));
    }

    void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    private void bytes(int status, String contentType, byte[] body) {
        answered = true;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * Answers 200 with a streamed body of {@code contentType}, the headers sent at once (the docker
     * CLI waits for them before going on, as with {@code wait}); {@code body} writes to the
     * stream, which ends when it returns.
     */
    void stream(String contentType, StreamBody body) throws IOException {
        answered = true;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        ResponseSink sink = new ResponseSink(request, response);
        try {
            sink.write(ByteBuffer.allocate(0));
            body.write(sink);
            sink.close();
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    /** Writes a streamed body. */
    interface StreamBody {
        void write(ResponseSink sink) throws IOException;
    }

    /**
     * Switches the connection to a raw stream ({@code 101 Switching Protocols}, {@code Upgrade:
     * tcp}) when the client asked to, else answers 200 and streams the same bytes as the body;
     * {@code producer} writes the output and the connection ends when it returns.
     */
    void hijack(String contentType, Consumer<StreamSink> producer) throws IOException {
        hijack(contentType, producer, null);
    }

    /** As {@link #hijack(String, Consumer)}, with what the client sends going to {@code stdin} (null: dropped). */
    void hijack(String contentType, Consumer<StreamSink> producer, HijackedConnection.Input stdin) throws IOException {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("tcp")) {
            stream(contentType, producer::accept);
            return;
        }
        answered = true;
        var connection = request.getConnectionMetaData().getConnection();
        HijackedConnection raw = new HijackedConnection(connection.getEndPoint(),
                request.getConnectionMetaData().getConnector().getExecutor(), producer, stdin);
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, raw);
        response.setStatus(101);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
        response.getHeaders().put(HttpHeader.UPGRADE, "tcp");
        callback.succeeded();
    }
}
