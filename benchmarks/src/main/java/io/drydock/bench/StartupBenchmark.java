package io.drydock.bench;

import io.drydock.platform.InstanceSpec;
import io.drydock.platform.Platform;
import io.drydock.platform.PlatformException;
import io.drydock.platform.Platforms;
import io.drydock.platform.container.NativeContainerPlatform;
import io.drydock.platform.oci.DaemonRuncPlatform;
import io.drydock.platform.oci.OciRuntimePlatform;
import io.drydock.runtime.rootfs.BusyboxRootfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
 * Container start-up: "create, start, wait for /bin/true to exit, delete" on one busybox bundle,
 * per platform. The floor is {@code unshare} (fresh namespaces and nothing else) and {@code host}
 * (a plain fork/exec). Cold start is what users feel, so each invocation is one single-shot sample.
 * {@code drydock-runc-daemon} is drydock-runc's native front end served by a daemon the trial
 * starts (its JVM is resident, as a daemon's is), {@code drydock-runc} the same without a daemon.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(5)
@State(Scope.Benchmark)
public class StartupBenchmark {
    @Param({"drydock", "drydock-runc", "drydock-runc-daemon", "crun", "runc", "unshare", "host"})
    public String platform;

    /** The workload: busybox's /bin/true, the smallest process that proves the container ran. */
    @Param({"busybox-true"})
    public String workload;

    /**
     * Untimed calls a freshly started daemon serves before the trial's own iterations. A resident
     * daemon has served many calls; a fresh one runs its first calls interpreted and profiled.
     * Measured on a quiet 2-core host (medians of 100 calls after N warm calls, crun beside it):
     * 14.1 ms after 30 (crun 10.2), 13.5 after 100 (9.2), 11.7 after 300 (10.8), 8.2 after 1000
     * (9.9). 300 calls, about 4 s per trial, reach the plateau's neighbourhood.
     */
    static final int DAEMON_WARM_CALLS = 300;

    private Path work;
    private Platform target;
    private InstanceSpec spec;

    @Setup(Level.Trial)
    public void setUp() throws IOException, PlatformException {
        work = Files.createTempDirectory("drydock-bench-startup-");
        Path rootfs = BusyboxRootfs.build(work.resolve("rootfs"));
        spec = InstanceSpec.of(rootfs, "/bin/true");
        target = Platforms.create(platform, work.resolve("platform"));
        // Bundles are written here, not in the measured path.
        if (target instanceof NativeContainerPlatform n) {
            n.prepare(spec);
        } else if (target instanceof OciRuntimePlatform o) {
            o.prepare(spec);
        } else if (target instanceof DaemonRuncPlatform d) {
            d.prepare(spec); // and its daemon, started for this trial, stops in tearDown
            // A resident daemon has served calls before: warm the fresh one (untimed), or its first
            // calls, still interpreted, would be measured as if every call met a cold JVM.
            for (int i = 0; i < DAEMON_WARM_CALLS; i++) {
                createStartWaitDelete();
            }
        }
    }

    @Benchmark
    public int createStartWaitDelete() throws PlatformException {
        int code = target.run(spec);
        if (code != 0) {
            throw new IllegalStateException(platform + ": /bin/true exited with " + code);
        }
        return code;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, PlatformException {
        try {
            target.close();
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
