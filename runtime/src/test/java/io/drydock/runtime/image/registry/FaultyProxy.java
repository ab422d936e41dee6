package io.drydock.runtime.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a registry that forwards everything, rewriting Location headers to
 * point back at itself, except that it answers 500 (without forwarding) to the first
 * {@code faults} requests matching a predicate: a registry failing in the middle of a push.
 */
final class FaultyProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
            "keep-alive", "upgrade", "expect");

    private final HttpServer server;
    private final String upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Predicate<HttpExchange> fault;
    private final AtomicInteger faultsLeft;
    final AtomicInteger faultsInjected = new AtomicInteger();

    FaultyProxy(String upstreamHost, Predicate<HttpExchange> fault, int faults) throws IOException {
        this.upstream = "http://" + upstreamHost;
        this.fault = fault;
        this.faultsLeft = new AtomicInteger(faults);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (fault.test(ex) && faultsLeft.getAndDecrement() > 0) {
                faultsInjected.incrementAndGet();
                byte[] msg = "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected fault\"}]}".getBytes();
                ex.sendResponseHeaders(500, msg.length);
                ex.getResponseBody().write(msg);
                return;
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (!HOP_HEADERS.contains(h.getKey().toLowerCase())) {
                    h.getValue().forEach(v -> req.header(h.getKey(), v));
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
                if (HOP_HEADERS.contains(h.getKey().toLowerCase()) || h.getKey().startsWith(":")) {
                    continue;
                }
                for (String v : h.getValue()) {
                    ex.getResponseHeaders().add(h.getKey(),
                            h.getKey().equalsIgnoreCase("Location") ? v.replace(upstream, "http://" + host()) : v);
                }
            }
            byte[] out = response.body();
            boolean noBody = ex.getRequestMethod().equals("HEAD") || response.statusCode() == 204
                    || out.length == 0;
            if (ex.getRequestMethod().equals("HEAD")) {
                response.headers().firstValue("Content-Length")
                        .ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
            }
            ex.sendResponseHeaders(response.statusCode(), noBody ? -1 : out.length);
            if (!noBody) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
