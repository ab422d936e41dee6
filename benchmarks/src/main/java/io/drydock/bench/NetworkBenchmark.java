package io.drydock.bench;

import io.drydock.platform.PlatformException;
import io.drydock.runtime.engine.EngineContainer;
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
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * TCP from the host to a server, four ways: on the host itself over loopback ({@code host}), in a
 * container through a published port ({@code drydock}: 127.0.0.1:port DNAT to the container's
 * bridge address), in a container sharing the host's network ({@code drydock-hostnet}), and in a
 * libvirt VM whose tap is on the same bridge, with the same port mapping ({@code vm}). The server
 * is the same program everywhere, busybox {@code nc -ll}: {@code -e cat} echoes for
 * request/response, {@code -e dd} sends {@value #BULK_MIB} MiB of zeros per connection for bulk
 * transfer. The client is this JVM. The host baseline runs the host's busybox, the containers the
 * busybox image built from the same binary, and the VM boots that image's rootfs as its initramfs
 * ({@value #VM_MEMORY_MIB} MiB, one vCPU). Under TCG the VM's figures measure emulation; set-up
 * prints the accelerator.
 */
// 2 warm-up and 4 measured seconds per figure and fork: a fork's mean moves less than the forks
// differ from each other, so the default profile spends its time on forks (samples) instead.
@Fork(3)
@QuickForks(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@State(Scope.Benchmark)
public class NetworkBenchmark {
    /** Bytes per request and per response in {@link #requestResponse}. */
    static final int MESSAGE_BYTES = 64;
    /** MiB one {@link #bulkDownload} connection receives. */
    static final int BULK_MIB = 64;
    private static final int ECHO_PORT = 9000;
    private static final int BULK_PORT = 9001;
    /** The VM's memory: busybox unpacked in RAM needs little. */
    static final long VM_MEMORY_MIB = 256;

    @Param({"host", "drydock", "drydock-hostnet", "vm"})
    public String platform;

    private Path work;
    private TrialCleanup cleanup;
    private EngineFixture fixture;
    private EngineContainer container;
    private VmFixture vm;
    private Process hostServer;
    private int echoPort;
    private int bulkPort;
    private Socket echo;
    private OutputStream echoOut;
    private InputStream echoIn;
    private final byte[] message = new byte[MESSAGE_BYTES];
    private final byte[] response = new byte[MESSAGE_BYTES];
    private final byte[] buffer = new byte[256 * 1024];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        cleanup = TrialCleanup.atExit("network", this::release);
        TrialCleanup.setUp(this::start, this::tearDown);
    }

    private void start() throws Exception {
        work = Files.createTempDirectory("drydock-bench-network-");
        switch (platform) {
            case "host" -> {
                echoPort = freePort();
                bulkPort = freePort();
                hostServer = new ProcessBuilder("/bin/busybox", "sh", "-c", servers(echoPort, bulkPort))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            }
            case "drydock" -> {
                fixture = new EngineFixture(work);
                echoPort = freePort();
                bulkPort = freePort();
                container = fixture.engine.runDetached(RunOptions.of("busybox", List.of("sh", "-c",
                        servers(ECHO_PORT, BULK_PORT))).networked(NetworkMode.BRIDGE, List.of(
                        PortMapping.parse("127.0.0.1:" + echoPort + ":" + ECHO_PORT),
                        PortMapping.parse("127.0.0.1:" + bulkPort + ":" + BULK_PORT))));
            }
            case "drydock-hostnet" -> {
                fixture = new EngineFixture(work);
                echoPort = freePort();
                bulkPort = freePort();
                container = fixture.engine.runDetached(RunOptions.of("busybox", List.of("sh", "-c",
                        servers(echoPort, bulkPort))).networked(NetworkMode.HOST, List.of()));
            }
            case "vm" -> {
                fixture = new EngineFixture(work);
                echoPort = freePort();
                bulkPort = freePort();
                vm = VmFixture.boot(fixture, "busybox", List.of("sh", "-c", servers(ECHO_PORT, BULK_PORT)), VM_MEMORY_MIB,
                        VmSpec.RootMode.INITRAMFS, List.of(
                        PortMapping.parse("127.0.0.1:" + echoPort + ":" + ECHO_PORT),
                        PortMapping.parse("127.0.0.1:" + bulkPort + ":" + BULK_PORT)), "network");
            }
            default -> throw new IllegalArgumentException("platform '" + platform
                    + "': expected host, drydock, drydock-hostnet or vm");
        }
        echo = connectWhenReady(echoPort, NetworkBenchmark::echoes);
        // The bulk server starts after the echo server (servers()), so the echo's answer does not
        // prove it listens: without this a trial's first download could be refused.
        connectWhenReady(bulkPort, NetworkBenchmark::sends).close();
        echo.setTcpNoDelay(true);
        echo.setSoTimeout(10_000);
        echoOut = echo.getOutputStream();
        echoIn = echo.getInputStream();
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) ('a' + i % 26);
        }
    }

    /** Both servers in one shell: the echo in the background, the bulk sender in the foreground. */
    private static String servers(int echoPort, int bulkPort) {
        return "nc -ll -p " + echoPort + " -e cat 2>/dev/null & exec nc -ll -p " + bulkPort
                + " -e dd if=/dev/zero bs=1048576 count=" + BULK_MIB + " 2>/dev/null";
    }

    /** One round trip of {@value #MESSAGE_BYTES} bytes each way on a kept-open connection. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int requestResponse() throws IOException {
        echoOut.write(message);
        echoOut.flush();
        int read = 0;
        while (read < response.length) {
            int n = echoIn.read(response, read, response.length - read);
            if (n < 0) {
                throw new IOException(platform + ": echo server closed the connection");
            }
            read += n;
        }
        return response[MESSAGE_BYTES - 1];
    }

    /** A new connection that receives {@value #BULK_MIB} MiB; time per download (MiB/s = 64000 / ms). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long bulkDownload() throws IOException {
        long total = 0;
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(buffer.length);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), bulkPort), 5000);
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        }
        if (total != (long) BULK_MIB << 20) {
            throw new IOException(platform + ": bulk server sent " + total + " bytes, expected " + ((long) BULK_MIB << 20));
        }
        return total;
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
            if (echo != null) {
                echo.close();
                echo = null;
            }
            if (hostServer != null) {
                hostServer.descendants().forEach(ProcessHandle::destroyForcibly);
                hostServer.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                hostServer = null;
            }
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
                Files.deleteIfExists(work);
                work = null;
            }
        }
    }

    /** What shows that a server answers on a connected socket. */
    @FunctionalInterface
    private interface Answer {
        boolean in(Socket s) throws IOException;
    }

    /** The echo server: one byte sent comes back. */
    private static boolean echoes(Socket s) throws IOException {
        s.getOutputStream().write('x');
        return s.getInputStream().read() == 'x';
    }

    /** The bulk server: its first byte arrives (the probe then closes the connection). */
    private static boolean sends(Socket s) throws IOException {
        return s.getInputStream().read() >= 0;
    }

    /** A connection to {@code port} on which the server gave {@code answer}, retried until it does. */
    private Socket connectWhenReady(int port, Answer answer) throws IOException, InterruptedException {
        IOException last = null;
        // A VM's server starts after its guest's ready report, under TCG seconds later.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(vm == null ? 10 : 60);
        while (System.nanoTime() < deadline) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                // With DNAT the connect can succeed before the server listens only if something
                // answers; probe it so that the trial starts with a working server.
                s.setSoTimeout(2000);
                if (answer.in(s)) {
                    return s;
                }
                s.close();
            } catch (IOException e) {
                s.close();
                last = e;
            }
            Thread.sleep(50);
        }
        throw new IOException(platform + ": server on port " + port + " did not answer"
                + (vm == null ? "" : "; the VM's console:\n" + vm.console()), last);
    }

    /** A free TCP port on the loopback address (the network benchmarks' host-side ports). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
