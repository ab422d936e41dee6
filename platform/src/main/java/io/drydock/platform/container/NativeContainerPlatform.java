package io.drydock.platform.container;

import io.drydock.platform.Instance;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.Platform;
import io.drydock.platform.PlatformException;
import io.drydock.platform.oci.BundleWriter;
import io.drydock.runtime.container.ContainerException;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.CreateRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * drydock's container runtime through its Java API, in this process: no JVM start, no CLI parsing,
 * the cost of the runtime itself (shim spawn, namespaces, mounts, cgroup) and nothing else.
 */
public final class NativeContainerPlatform implements Platform {
    private final Path work;
    private final ContainerRuntime runtime;
    private final Map<InstanceSpec, Path> bundles = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    /** @param work a directory this platform owns (bundles and state; removed on close) */
    public NativeContainerPlatform(Path work) throws PlatformException {
        this.work = work;
        try {
            Files.createDirectories(work);
            this.runtime = ContainerRuntime.open(work.resolve("state"));
        } catch (IOException | ContainerException e) {
            throw new PlatformException(name(), e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "drydock";
    }

    /** The runtime behind this platform, for benchmarks that read container stats. */
    public ContainerRuntime runtime() {
        return runtime;
    }

    /** Writes the instance's bundle now, so that no start pays for it. */
    public Path prepare(InstanceSpec spec) throws PlatformException {
        Path b = bundles.get(spec);
        if (b != null) {
            return b;
        }
        try {
            b = BundleWriter.write(spec, work.resolve("bundle-" + bundles.size()));
        } catch (IOException e) {
            throw new PlatformException(name(), e.getMessage(), e);
        }
        bundles.put(spec, b);
        return b;
    }

    @Override
    public Instance start(InstanceSpec spec) throws PlatformException {
        Path bundle = prepare(spec);
        String id = "dd-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
        try {
            runtime.create(id, CreateRequest.builder().bundle(bundle).discardStdio().build());
        } catch (ContainerException e) {
            throw new PlatformException(name(), e.getMessage(), e);
        }
        try {
            runtime.start(id);
        } catch (ContainerException e) {
            PlatformException pe = new PlatformException(name(), e.getMessage(), e);
            try {
                runtime.delete(id, true);
            } catch (ContainerException d) {
                pe.addSuppressed(d);
            }
            throw pe;
        }
        return new Instance() {
            private boolean waited;

            @Override
            public String id() {
                return id;
            }

            @Override
            public int awaitExit() throws PlatformException {
                try {
                    int code = runtime.waitForExit(id);
                    waited = true;
                    return code;
                } catch (ContainerException e) {
                    throw new PlatformException(name(), e.getMessage(), e);
                }
            }

            @Override
            public void close() throws PlatformException {
                try {
                    runtime.delete(id, !waited);
                } catch (ContainerException e) {
                    throw new PlatformException(name(), e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public void close() throws PlatformException {
        runtime.close();
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new PlatformException(name(), "cannot remove " + work + ": " + e.getMessage(), e);
        }
    }
}
