package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parsers against the host's own iperf3 and redis-benchmark, run for a moment on loopback:
 * what the network benchmarks read is what these versions print today.
 */
class NetworkToolOutputIT {
    @TempDir
    Path dir;

    @Test
    void iperf3_oneSecondOnLoopback_parsesToAPositiveThroughput() throws Exception {
        assumeTrue(installed("iperf3"), "iperf3 is not installed (scripts/setup)");
        int port = freePort();
        Process server = new ProcessBuilder("iperf3", "-s", "-1", "-p", String.valueOf(port))
            .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            String json = null;
            // The server needs a moment to listen; a refused client costs nothing and says so in its JSON.
            for (int attempt = 0; attempt < 50 && json == null; attempt++) {
                String out = run(List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(port), "-t", "1", "-J"));
                if (!out.contains("\"error\"")) {
                    json = out;
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(json).as("an iperf3 report without error").isNotNull();

            Iperf3Result r = Iperf3Result.parse(json);

            assertThat(r.receivedMbps()).isPositive();
            assertThat(r.receivedBytes()).isPositive();
            assertThat(r.seconds()).isBetween(0.5, 5.0);
        } finally {
            server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void redisBenchmark_getAndSetOnLoopback_parsesBothRates() throws Exception {
        assumeTrue(installed("redis-server") && installed("redis-benchmark"),
            "redis-server or redis-benchmark is not installed (scripts/setup)");
        int port = freePort();
        Process server = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", dir.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            awaitPong(port);

            RedisBenchmarkResult r = RedisBenchmarkResult.parse(run(List.of("redis-benchmark", "-h", "127.0.0.1", "-p",
                String.valueOf(port), "-t", "get,set", "-n", "2000", "--csv")));

            assertThat(r.tests()).extracting(RedisBenchmarkResult.Test::name).containsExactlyInAnyOrder("GET", "SET");
            assertThat(r.requestsPerSecond("GET")).isPositive();
            assertThat(r.requestsPerSecond("SET")).isPositive();
        } finally {
            server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean installed(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a client with a time limit (redis-benchmark retries a refused connection for ever); its standard output. */
    private String run(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("client.out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(dir.resolve("client.err").toFile())
            .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException(command.getFirst() + " did not finish in 60 s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static void awaitPong(int port) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                s.setSoTimeout(2000);
                OutputStream o = s.getOutputStream();
                o.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                if (new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("redis-server on port " + port + " did not answer PING");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
