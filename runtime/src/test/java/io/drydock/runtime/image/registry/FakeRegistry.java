package io.drydock.runtime.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drydock.runtime.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory registry speaking just enough of the distribution API for protocol tests, with
 * switches for the awkward answers real registries give: relative or absolute Locations, a new
 * upload URL after every chunk, a 416 once, a 500 once on the final PUT.
 */
final class FakeRegistry implements AutoCloseable {
    record Request(String method, String path, String contentRange, int bodyLength) {
    }

    final HttpServer server;
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger sessions = new AtomicInteger();
    boolean absoluteLocations;
    int rangeErrorsLeft;
    int putFailuresLeft;
    /** Bytes the 416 pretends have arrived (the registry kept only part of a chunk). */
    int keepOnRangeError = -1;
    boolean lieAboutManifestDigest;
    /** When set, /v2/ wants "Bearer <token>" and /token hands it out (to these Basic credentials, if set). */
    String requiredToken;
    String tokenUser;
    String tokenPassword;
    final List<String> tokenQueries = Collections.synchronizedList(new ArrayList<>());

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", this::handle);
        server.createContext("/token", this::token);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private String location(String path) {
        return absoluteLocations ? "http://" + host() + path : path;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            requests.add(new Request(method, path, ex.getRequestHeaders().getFirst("Content-Range"), body.length));
            if (requiredToken != null && !("Bearer " + requiredToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + host()
                        + "/token\",service=\"fake\",scope=\"repository:team/app:pull,push\"");
                send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes());
                return;
            }
            // /v2/<repo>/blobs/<digest>, /v2/<repo>/blobs/uploads/<id>, /v2/<repo>/manifests/<ref>
            if (path.contains("/blobs/uploads/")) {
                uploads(ex, method, path, query, body);
            } else if (path.contains("/blobs/")) {
                String digest = path.substring(path.lastIndexOf('/') + 1);
                byte[] blob = blobs.get(digest);
                if (blob == null) {
                    send(ex, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes());
                } else if (method.equals("HEAD")) {
                    ex.getResponseHeaders().set("Content-Length", Integer.toString(blob.length));
                    ex.sendResponseHeaders(200, -1);
                } else {
                    send(ex, 200, blob);
                }
            } else if (path.contains("/manifests/")) {
                String ref = path.substring(path.lastIndexOf('/') + 1);
                if (method.equals("PUT")) {
                    String digest = Digest.of(body).toString();
                    manifests.put(ref, body);
                    manifests.put(digest, body);
                    manifestTypes.put(digest, ex.getRequestHeaders().getFirst("Content-Type"));
                    ex.getResponseHeaders().set("Docker-Content-Digest", digest);
                    ex.sendResponseHeaders(201, -1);
                    return;
                }
                byte[] manifest = manifests.get(ref);
                if (manifest == null) {
                    send(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes());
                    return;
                }
                String digest = Digest.of(manifest).toString();
                ex.getResponseHeaders().set("Content-Type", manifestTypes.get(digest));
                ex.getResponseHeaders().set("Docker-Content-Digest",
                        lieAboutManifestDigest ? Digest.of(new byte[0]).toString() : digest);
                send(ex, 200, manifest);
            } else {
                send(ex, 404, new byte[0]);
            }
        }
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            tokenQueries.add(ex.getRequestURI().getRawQuery());
            if (tokenUser != null) {
                String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (tokenUser + ":" + tokenPassword).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    send(ex, 401, "{\"details\":\"bad credentials\"}".getBytes());
                    return;
                }
            }
            send(ex, 200, ("{\"token\":\"" + requiredToken + "\",\"expires_in\":300}").getBytes());
        }
    }

    private void uploads(HttpExchange ex, String method, String path, String query, byte[] body) throws IOException {
        String prefix = path.substring(0, path.indexOf("/blobs/uploads/") + "/blobs/uploads/".length());
        if (method.equals("POST")) {
            if (query != null && query.contains("mount=")) {
                String digest = java.net.URLDecoder.decode(query.replaceAll(".*mount=([^&]*).*", "$1"),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (blobs.containsKey(digest)) {
                    ex.sendResponseHeaders(201, -1);
                    return;
                }
            }
            String id = "u" + sessions.incrementAndGet();
            uploads.put(id, new ByteArrayOutputStream());
            ex.getResponseHeaders().set("Location", location(prefix + id + "?state=s0"));
            ex.sendResponseHeaders(202, -1);
            return;
        }
        String id = path.substring(prefix.length());
        ByteArrayOutputStream upload = uploads.get(id);
        if (upload == null) {
            send(ex, 404, "{\"errors\":[{\"code\":\"BLOB_UPLOAD_UNKNOWN\"}]}".getBytes());
            return;
        }
        switch (method) {
            case "GET" -> {
                ex.getResponseHeaders().set("Range", "0-" + Math.max(upload.size() - 1, 0));
                ex.sendResponseHeaders(204, -1);
            }
            case "PATCH" -> {
                String range = ex.getRequestHeaders().getFirst("Content-Range");
                long start = Long.parseLong(range.substring(0, range.indexOf('-')));
                if (rangeErrorsLeft > 0 && upload.size() > 0) {
                    rangeErrorsLeft--;
                    if (keepOnRangeError >= 0) {
                        byte[] kept = java.util.Arrays.copyOf(upload.toByteArray(), keepOnRangeError);
                        upload.reset();
                        upload.write(kept);
                    }
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                if (start != upload.size()) {
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                upload.write(body);
                // A new URL after each chunk, as distribution does with its _state parameter.
                ex.getResponseHeaders().set("Location", location(prefix + id + "?state=s" + upload.size()));
                ex.getResponseHeaders().set("Range", "0-" + (upload.size() - 1));
                ex.sendResponseHeaders(202, -1);
            }
            case "PUT" -> {
                if (putFailuresLeft > 0) {
                    putFailuresLeft--;
                    send(ex, 500, "{\"errors\":[{\"code\":\"UNKNOWN\"}]}".getBytes());
                    return;
                }
                upload.write(body);
                String digest = java.net.URLDecoder.decode(query.replaceAll(".*digest=([^&]*).*", "$1"),
                        java.nio.charset.StandardCharsets.UTF_8);
                byte[] content = upload.toByteArray();
                if (!Digest.of(content).toString().equals(digest)) {
                    send(ex, 400, "{\"errors\":[{\"code\":\"DIGEST_INVALID\"}]}".getBytes());
                    return;
                }
                blobs.put(digest, content);
                uploads.remove(id);
                ex.getResponseHeaders().set("Location", location(prefix.replace("/uploads/", "/") + digest));
                ex.sendResponseHeaders(201, -1);
            }
            default -> send(ex, 405, new byte[0]);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
