package io.drydock.bench;

import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.NetworkMode;
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
 * Disk footprint of 1, 10 and 100 running containers of one image: what they share (the image's
 * blobs and unpacked layers, paid once) and what each costs on its own (its overlay upper and work
 * directories, its snapshot and container records, bundle, etc files and log), as the secondary
 * metrics {@code diskSharedBytes} and {@code diskPrivateBytes} (per container), with
 * {@code diskWrittenBytes}, what each container wrote itself, beside them: private minus written
 * is the per-container overhead. Allocated bytes ({@code du}), so small files count whole blocks.
 * The primary score is the time to measure, not a figure of interest.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
@Warmup(iterations = 0)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class DiskFootprintBenchmark {
    /** What each container writes into its own root filesystem. */
    static final int WRITTEN_BYTES = 16 * 1024;

    @Param({"drydock"})
    public String platform;

    @Param({"1", "10", "100"})
    public int containers;

    private EngineFixture fixture;
    private final List<EngineContainer> running = new ArrayList<>();

    /** The footprint, reported per iteration (one invocation each). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        public long diskPrivateBytes;
        public long diskSharedBytes;
        public long diskWrittenBytes;

        @Setup(Level.Iteration)
        public void reset() {
            diskPrivateBytes = 0;
            diskSharedBytes = 0;
            diskWrittenBytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (!platform.equals("drydock")) {
            throw new IllegalArgumentException("platform '" + platform + "': only drydock");
        }
        fixture = new EngineFixture(Files.createTempDirectory("drydock-bench-disk-"));
        for (int i = 0; i < containers; i++) {
            // Each writes its own file, then idles: a running container with a known change.
            running.add(fixture.engine.runDetached(RunOptions.of("busybox", List.of("sh", "-c",
                    "head -c " + WRITTEN_BYTES + " /dev/urandom > /own && exec sleep 3600"))
                    .networked(NetworkMode.NONE, List.of())));
        }
        // The writes are done once every /own has its full size.
        for (EngineContainer c : running) {
            Path own = fixture.engine.images().snapshots().get(c.id()).upper().resolve("own");
            for (int attempt = 0; attempt < 500 && (!Files.exists(own) || Files.size(own) < WRITTEN_BYTES); attempt++) {
                Thread.sleep(10);
            }
        }
    }

    @Benchmark
    public long measure(Footprint f) throws Exception {
        Path images = fixture.engine.config().imageRoot();
        long shared = EngineFixture.allocatedBytes(images.resolve("oci")) + EngineFixture.allocatedBytes(images.resolve("layers"))
                + EngineFixture.allocatedBytes(images.resolve("l"));
        long priv = 0;
        for (EngineContainer c : running) {
            priv += EngineFixture.allocatedBytes(images.resolve("snapshots").resolve(c.id()))
                    + EngineFixture.allocatedBytes(images.resolve("containers").resolve(c.id()));
        }
        f.diskSharedBytes = shared;
        f.diskPrivateBytes = priv / containers;
        f.diskWrittenBytes = WRITTEN_BYTES;
        return shared + priv;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        running.clear();
        if (fixture != null) {
            fixture.close();
        }
    }
}
