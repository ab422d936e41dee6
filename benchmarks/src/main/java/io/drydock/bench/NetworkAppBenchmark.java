package io.drydock.bench;

import io.drydock.platform.PlatformException;
import io.drydock.platform.workload.Iperf3Result;
import io.drydock.platform.workload.NetworkToolOutputException;
import io.drydock.platform.workload.RedisBenchmarkResult;
import io.drydock.runtime.engine.EngineException;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.PortMapping;
import io.drydock.vm.VmSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Network throughput and an application's request rate, measured by the field's own tools: iperf3
 * (TCP throughput, Mbit/s received) and redis-benchmark (GET and SET requests per second; Felter et
 * al. measured Redis at native speed on host networking and 22-30% slower through NAT). The
 * servers, {@code iperf3 -s} and {@code redis-server}, run on each platform from the same Debian 12
 * packages: the host's own ({@code host}), the {@code debian-bench} image in a container behind a
 * port mapping 127.0.0.1:P → container ({@code drydock}: DNAT to its bridge address) or on the
 * host's network ({@code drydock-hostnet}), and the same image booted as a libvirt VM on the same
 * bridge with the same port mapping ({@code vm}: an ext4 disk with a qcow2 overlay, since the image
 * is too large for an initramfs in a small guest; {@value #VM_MEMORY_MIB} MiB, one vCPU). The
 * clients always run on the host against 127.0.0.1, so the guest's clock plays no part.
 *
 * <p>The figures are auxiliary counters, one measured invocation per fork (each fork one sample);
 * the primary metric, the invocation's time, only says how long the tool ran. How much one
 * invocation does depends on the profile ({@link Work#forProfile}): the default profile runs iperf3
 * for 10 s and 100,000 requests of each of GET and SET; --quick and smoke runs less.
 */
@WorkloadRuns
// --quick: one fork (servers set up and warmed per fork, for two tools); the default profile keeps 5.
@QuickForks(1)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// One warm-up invocation (TCP and the servers warmed, the VM's guest past its first requests), one
// measured: every fork gives one sample of each figure.
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(5)
@State(Scope.Benchmark)
public class NetworkAppBenchmark {
    /** iperf3's port inside a container or VM. */
    static final int IPERF3_PORT = 5201;
    /** Redis's port inside a container or VM. */
    static final int REDIS_PORT = 6379;
    /** The VM's memory: the kernel, page cache for the image's disk, redis-server and iperf3. */
    static final long VM_MEMORY_MIB = 512;
    /** The image the servers run from in containers and the VM. */
    static final String IMAGE = "debian-bench";
    /** Longest a server may take to answer after its platform started it. */
    private static final long READY_SECONDS = 120;

    @Param({"host", "drydock", "drydock-hostnet", "vm"})
    public String platform;

    private Path work;
    private TrialCleanup cleanup;
    private EngineFixture fixture;
    private VmFixture vm;
    private final List<Process> hostServers = new ArrayList<>();
    private int iperf3Port;
    private int redisPort;
    private int iperf3Seconds;
    private int redisRequests;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        cleanup = TrialCleanup.atExit("network-app", this::release);
        TrialCleanup.setUp(this::start, this::tearDown);
    }

    private void start() throws Exception {
        Work w = Work.forProfile(System.getProperty(BenchmarkProfile.FORK_PROPERTY));
        iperf3Seconds = w.iperf3Seconds();
        redisRequests = w.redisRequests();
        work = Files.createTempDirectory("drydock-bench-network-app-");
        switch (platform) {
            case "host" -> {
                iperf3Port = NetworkBenchmark.freePort();
                redisPort = NetworkBenchmark.freePort();
                hostServers.add(new ProcessBuilder("iperf3", "-s", "-p", String.valueOf(iperf3Port))
                        .redirectErrorStream(true).redirectOutput(work.resolve("iperf3-server.log").toFile()).start());
                hostServers.add(new ProcessBuilder(redisServer(redisPort))
                        .redirectErrorStream(true).redirectOutput(work.resolve("redis-server.log").toFile()).start());
            }
            case "drydock" -> {
                fixture = new EngineFixture(work, false, WorkloadFixture.sharedImageRoot());
                iperf3Port = NetworkBenchmark.freePort();
                redisPort = NetworkBenchmark.freePort();
                fixture.engine.runDetached(RunOptions.of(IMAGE, servers(IPERF3_PORT, REDIS_PORT)).networked(NetworkMode.BRIDGE,
                        List.of(PortMapping.parse("127.0.0.1:" + iperf3Port + ":" + IPERF3_PORT),
                                PortMapping.parse("127.0.0.1:" + redisPort + ":" + REDIS_PORT))));
            }
            case "drydock-hostnet" -> {
                fixture = new EngineFixture(work, false, WorkloadFixture.sharedImageRoot());
                iperf3Port = NetworkBenchmark.freePort();
                redisPort = NetworkBenchmark.freePort();
                fixture.engine.runDetached(RunOptions.of(IMAGE, servers(iperf3Port, redisPort))
                        .networked(NetworkMode.HOST, List.of()));
            }
            case "vm" -> {
                fixture = new EngineFixture(work, false, WorkloadFixture.sharedImageRoot());
                iperf3Port = NetworkBenchmark.freePort();
                redisPort = NetworkBenchmark.freePort();
                vm = VmFixture.boot(fixture, IMAGE, servers(IPERF3_PORT, REDIS_PORT), VM_MEMORY_MIB, VmSpec.RootMode.DISK,
                        List.of(PortMapping.parse("127.0.0.1:" + iperf3Port + ":" + IPERF3_PORT),
                                PortMapping.parse("127.0.0.1:" + redisPort + ":" + REDIS_PORT)), "network-app");
            }
            default -> throw new IllegalArgumentException("platform '" + platform
                    + "': expected host, drydock, drydock-hostnet or vm");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        awaitRedis(deadline);
        awaitIperf3(deadline);
    }

    /**
     * What one invocation does.
     *
     * @param iperf3Seconds how long one iperf3 test runs
     * @param redisRequests requests of each of GET and SET in one redis-benchmark run
     */
    record Work(int iperf3Seconds, int redisRequests) {
        /**
         * The work for a profile's name: 1 s and 2,000 requests to prove a smoke run works, 3 s and
         * 20,000 for --quick's rough figures in minutes, 10 s and 100,000 otherwise (a couple of
         * seconds of Redis on the host; under TCG a VM needs tens of seconds for them). A default
         * run with 5 s and 50,000 saved 1.5 minutes but read Redis GET with host networking at
         * 0.77 [0.67, 0.86] of the host while SET read 1.05: too short a run for three forks.
         */
        static Work forProfile(String profile) {
            if (BenchmarkProfile.SMOKE.name().equals(profile)) {
                return new Work(1, 2_000);
            }
            if (BenchmarkProfile.QUICK.name().equals(profile)) {
                return new Work(3, 20_000);
            }
            return new Work(10, 100_000);
        }
    }

    /** Both servers in the image's shell: iperf3 in the background, Redis in the foreground (as {@link #redisServer}). */
    private static List<String> servers(int iperf3Port, int redisPort) {
        return List.of("sh", "-c", "iperf3 -s -p " + iperf3Port + " & exec redis-server --port " + redisPort
                + " --protected-mode no --save '' --appendonly no");
    }

    /** Redis without protected mode (only 127.0.0.1 is mapped to it) and without persistence. */
    private static List<String> redisServer(int port) {
        return List.of("redis-server", "--port", String.valueOf(port), "--protected-mode", "no", "--save", "",
                "--appendonly", "no");
    }

    /**
     * One iperf3 TCP test from the host to the platform's server; its received throughput is the
     * figure {@code throughputMbps}.
     */
    @Benchmark
    public long iperf3(Iperf3Counters counters) throws IOException, InterruptedException, NetworkToolOutputException {
        // The server turns clients away while it tidies up after the previous test (the warm-up's;
        // seconds under TCG): a refused or "busy" connection is retried, it measures nothing.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (true) {
            try {
                Iperf3Result r = Iperf3Result.parse(client("iperf3", List.of("iperf3", "-c", "127.0.0.1", "-p",
                        String.valueOf(iperf3Port), "-t", String.valueOf(iperf3Seconds), "-J"), iperf3Seconds + 60L));
                counters.throughputMbps = r.receivedMbps();
                return r.receivedBytes();
            } catch (NetworkToolOutputException | IOException e) {
                // iperf3 -J reports the refusal in its JSON; an exit status other than 0 says it too.
                if (!refused(e) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(200);
        }
    }

    /**
     * Whether iperf3 failed because the server turned the client away between tests: it refused
     * the connection, or it answered that it is still busy with the previous test.
     */
    static boolean refused(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("unable to connect to server") && m.contains("Connection refused")
                || m.contains("the server is busy running a test");
    }

    /**
     * One redis-benchmark run of GET and SET from the host to the platform's server (its default 50
     * connections); the requests per second are the figures {@code getPerSec} and {@code setPerSec}.
     */
    @Benchmark
    public double redis(RedisCounters counters) throws IOException, InterruptedException, NetworkToolOutputException {
        RedisBenchmarkResult r = RedisBenchmarkResult.parse(client("redis-benchmark", List.of("redis-benchmark", "-h",
                "127.0.0.1", "-p", String.valueOf(redisPort), "-t", "get,set", "-n", String.valueOf(redisRequests), "--csv"),
                600));
        counters.getPerSec = r.requestsPerSecond("GET");
        counters.setPerSec = r.requestsPerSecond("SET");
        return counters.getPerSec + counters.setPerSec;
    }

    /** Auxiliary results of {@link #iperf3}. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Iperf3Counters {
        /** Mbit/s the server received (higher is better). */
        public double throughputMbps;
    }

    /** Auxiliary results of {@link #redis}. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class RedisCounters {
        /** GET requests per second (higher is better). */
        public double getPerSec;
        /** SET requests per second (higher is better). */
        public double setPerSec;
    }

    /**
     * Runs a client to the end and returns its standard output. Its output goes through files, so
     * the wait can time out (redis-benchmark retries a refused connection forever).
     */
    private String client(String tool, List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = work.resolve(tool + ".out");
        Path err = work.resolve(tool + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException(platform + ": " + tool + " did not finish in " + timeoutSeconds + " s: " + tail(err));
        }
        if (p.exitValue() != 0) {
            throw new IOException(platform + ": " + String.join(" ", command) + " exited with " + p.exitValue() + ": "
                    + tail(err) + " " + tail(out));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
    }

    /** Waits until Redis answers PING with +PONG (it refuses nothing but may still be loading). */
    private void awaitRedis(long deadline) throws IOException, InterruptedException {
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), redisPort), 1000);
                s.setSoTimeout(5000);
                OutputStream o = s.getOutputStream();
                o.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                o.flush();
                InputStream in = s.getInputStream();
                byte[] reply = new byte[7];
                int n = in.readNBytes(reply, 0, reply.length);
                if (new String(reply, 0, n, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                    return;
                }
                last = new IOException("redis answered PING with '" + new String(reply, 0, n, StandardCharsets.US_ASCII).strip() + "'");
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw notReady("redis-server", redisPort, last);
    }

    /**
     * Waits until a one-second iperf3 test succeeds. A mere connection would not do: iperf3's server
     * takes an empty connection for a test that failed, and while it tidies up after it (seconds
     * under TCG) it turns the next client away. A refused connection costs the client nothing.
     */
    private void awaitIperf3(long deadline) throws IOException, InterruptedException {
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Iperf3Result.parse(client("iperf3", List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(iperf3Port),
                        "-t", "1", "-J"), 60));
                return;
            } catch (IOException | NetworkToolOutputException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw notReady("iperf3", iperf3Port, last);
    }

    private IOException notReady(String server, int port, Exception last) throws IOException {
        StringBuilder m = new StringBuilder(platform + ": " + server + " did not answer on 127.0.0.1:" + port + " within "
                + READY_SECONDS + " s");
        if (vm != null) {
            m.append("; the VM's console:\n").append(vm.console());
        }
        for (String log : List.of("iperf3-server.log", "redis-server.log")) {
            if (Files.exists(work.resolve(log))) {
                m.append("\n").append(log).append(": ").append(tail(work.resolve(log)));
            }
        }
        return new IOException(m.toString(), last);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, EngineException, InterruptedException, PlatformException {
        try {
            release();
        } finally {
            if (cleanup != null) {
                cleanup.disarm();
                cleanup = null;
            }
        }
    }

    /** Removes what the trial made; a second call finds nothing left to remove. */
    private synchronized void release() throws IOException, EngineException, InterruptedException, PlatformException {
        try {
            for (Process p : hostServers) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            hostServers.clear();
            if (vm != null) {
                VmFixture v = vm;
                vm = null;
                v.close();
            }
        } finally {
            if (fixture != null) {
                EngineFixture f = fixture;
                fixture = null;
                work = null;
                f.close();
            } else if (work != null) {
                try (var files = Files.list(work)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(work);
                work = null;
            }
        }
    }
}
