package io.drydock.runtime.image.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Debian's docker-registry (distribution) on 127.0.0.1 and a free port, storing under a temp dir. */
final class DockerRegistryProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    final int port;

    private DockerRegistryProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The registry's host:port, as in image references. */
    String host() {
        return "127.0.0.1:" + port;
    }

    static DockerRegistryProcess start(Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(storage, port));
        Process p = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        DockerRegistryProcess registry = new DockerRegistryProcess(p, port);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return registry;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                registry.close();
                throw new IOException("docker-registry did not come up; log: "
                        + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL: the registry dies where it stands, as a crashed or killed one does. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
