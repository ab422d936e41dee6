package io.drydock.runtime.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drydock.runtime.image.BusyboxImageBuilder;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that dies in the middle of a pull: the layer's download stops halfway and the
 * registry process is SIGKILLed at that moment. The pull fails with an error naming the blob, the
 * store keeps no part of the image (no blob whose bytes miss its digest, no image), and once a
 * registry serves the same storage again the same pull succeeds with the same digests.
 */
class RegistryDeathIT {
    @TempDir
    Path tmp;

    private DockerRegistryProcess registry;
    private Image busybox;
    private ImageStore source;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(DockerRegistryProcess.BINARY), "needs docker-registry (apt docker-registry)");
        assumeTrue(Files.isExecutable(BusyboxImageBuilder.HOST_BUSYBOX), "needs busybox-static");
        registry = DockerRegistryProcess.start(Files.createDirectories(tmp.resolve("registry")));
        source = store("source");
        busybox = new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX).build(source, BusyboxImageBuilder.DEFAULT_NAME);
        RegistryClient.create(RegistryOptions.defaults(), line -> { })
            .push(busybox, ImageReference.parse(registry.host() + "/drydock/busybox:1"), source, List.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private ImageStore store(String name) throws IOException {
        return new ImageStore(tmp.resolve(name), LayerUnpacker.forHost(), new SyscallOverlayMounter(new LinuxSyscalls()));
    }

    @Test
    void registryKilledMidLayer_pullFailsNamingTheBlob_keepsNothingOfIt_andSucceedsOnceARegistryServesAgain() throws Exception {
        Digest layer = busybox.manifest().layers().get(0).digest();
        ImageStore target = store("target");
        try (DyingProxy proxy = new DyingProxy(registry, layer)) {
            RegistryClient once = RegistryClient.create(RegistryOptions.defaults().withBlobAttempts(1), line -> { });
            assertThatThrownBy(() -> once.pull(ImageReference.parse(proxy.host() + "/drydock/busybox:1"), target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(proxy.host()).hasMessageContaining(layer.toString()).hasMessageContaining("broke off");
            assertThat(proxy.killed).as("the registry died mid-layer").isTrue();
        }
        assertThat(target.blobs().verifyAll()).as("blobs whose bytes miss their digest").isEmpty();
        assertThat(target.blobs().contains(layer)).as("the half-downloaded layer").isFalse();
        assertThat(target.list()).isEmpty();

        // Retry: a registry on the same storage (a restarted one), the same pull.
        registry = DockerRegistryProcess.start(tmp.resolve("registry"));
        Image pulled = RegistryClient.create(RegistryOptions.defaults(), line -> { })
            .pull(ImageReference.parse(registry.host() + "/drydock/busybox:1"), target);
        assertThat(pulled.manifestDigest()).isEqualTo(busybox.manifestDigest());
        assertThat(target.blobs().verifyAll()).isEmpty();
        assertThat(target.unpack(pulled).get(0).resolve("bin/busybox")).isRegularFile();
    }

    @Test
    void pullFromADeadRegistry_failsWithAnErrorNamingIt() throws Exception {
        String host = registry.host();
        registry.kill();
        ImageStore target = store("target");
        assertThatThrownBy(() -> RegistryClient.create(RegistryOptions.defaults(), line -> { })
                .pull(ImageReference.parse(host + "/drydock/busybox:1"), target))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(host);
        assertThat(target.list()).isEmpty();
        registry = null;
    }

    /**
     * Forwards a pull to the registry, except the layer's GET: it sends the headers and half the
     * bytes, SIGKILLs the registry, and drops the connection.
     */
    private static final class DyingProxy implements AutoCloseable {
        private final HttpServer server;
        private final DockerRegistryProcess registry;
        private final String upstream;
        private final Digest layer;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        volatile boolean killed;

        DyingProxy(DockerRegistryProcess registry, Digest layer) throws IOException {
            this.registry = registry;
            this.upstream = "http://" + registry.host();
            this.layer = layer;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String host() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex; InputStream ignored = ex.getRequestBody()) {
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
                for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                    if (h.getKey().equalsIgnoreCase("Accept") || h.getKey().equalsIgnoreCase("Authorization")) {
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
                response.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
                response.headers().firstValue("Docker-Content-Digest")
                    .ifPresent(v -> ex.getResponseHeaders().set("Docker-Content-Digest", v));
                byte[] body = response.body();
                boolean head = ex.getRequestMethod().equals("HEAD");
                if (head) {
                    response.headers().firstValue("Content-Length").ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
                }
                if (!head && ex.getRequestURI().getPath().endsWith("/blobs/" + layer)) {
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body, 0, body.length / 2);
                    ex.getResponseBody().flush();
                    try {
                        registry.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    killed = true;
                    // Closing the exchange short of the promised length drops the connection.
                    return;
                }
                ex.sendResponseHeaders(response.statusCode(), head || body.length == 0 ? -1 : body.length);
                if (!head && body.length > 0) {
                    ex.getResponseBody().write(body);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
