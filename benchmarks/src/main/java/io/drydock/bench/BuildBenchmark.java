package io.drydock.bench;

import io.drydock.runtime.container.ContainerException;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.image.BusyboxImageBuilder;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.LayerUnpacker;
import io.drydock.runtime.image.build.BuildRequest;
import io.drydock.runtime.image.build.ImageBuilder;
import io.drydock.runtime.image.SyscallOverlayMounter;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Building one RUN layer on busybox ({@code RUN echo x > /f}) with drydock's builder: overlay
 * snapshot, a container of drydock's runtime, packing the upper directory, committing the image.
 * Each invocation passes a new {@code --build-arg} value, so the cache never hits and every sample
 * is a real build. Needs root (overlay mounts, namespaces).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(3)
@State(Scope.Benchmark)
public class BuildBenchmark {
    @Param({"drydock"})
    public String platform;

    @Param({"busybox"})
    public String workload;

    private Path work;
    private ImageStore store;
    private ContainerRuntime runtime;
    private ImageBuilder builder;
    private Path context;
    private long invocation;

    @Setup(Level.Trial)
    public void setUp() throws IOException, ContainerException {
        work = Files.createTempDirectory("drydock-bench-build-");
        store = new ImageStore(work.resolve("store"), LayerUnpacker.forHost(), new SyscallOverlayMounter(new LinuxSyscalls()));
        new BusyboxImageBuilder(BusyboxImageBuilder.HOST_BUSYBOX).build(store, BusyboxImageBuilder.DEFAULT_NAME);
        runtime = ContainerRuntime.open(work.resolve("state"));
        builder = new ImageBuilder(store, runtime, ImageBuilder.cacheOf(store),
                new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8), null);
        context = Files.createDirectories(work.resolve("context"));
        Files.writeString(context.resolve("Containerfile"), "FROM busybox\nARG NONCE\nRUN echo x > /f\n");
    }

    @Benchmark
    public Image buildOneRunLayer() throws IOException {
        // A new ARG value per invocation: RUN's cache key covers its environment, so it runs each time.
        return builder.build(new BuildRequest(context, context.resolve("Containerfile"), List.of(),
                Map.of("NONCE", Long.toString(invocation++)), false)).image();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try {
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
