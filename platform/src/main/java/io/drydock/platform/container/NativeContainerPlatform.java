package io.drydock.platform.container;

import io.drydock.platform.Instance;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.Platform;
import io.drydock.platform.OutputPump;
import io.drydock.platform.PlatformException;
import io.drydock.platform.oci.BundleWriter;
import io.drydock.runtime.container.ContainerException;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.CreateRequest;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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
    private final Syscalls sys = new LinuxSyscalls();

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
    public Instance start(InstanceSpec spec, Consumer<String> output) throws PlatformException {
        Path bundle = prepare(spec);
        String id = "dd-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
        OutputPump pump = null;
        try {
            if (output == null) {
                runtime.create(id, CreateRequest.builder().bundle(bundle).discardStdio().build());
            } else {
                pump = createWithOutput(id, bundle, output);
            }
        } catch (ContainerException | SyscallException | IOException e) {
            throw new PlatformException(name(), e.getMessage(), e);
        }
        OutputPump lines = pump;
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
                    if (lines != null) {
                        lines.finish();
                    }
                    return code;
                } catch (ContainerException | IOException e) {
                    throw new PlatformException(name(), e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PlatformException(name(), "interrupted reading the output of " + id, e);
                }
            }

            /** The container's processes (its cgroup's members); the runtime itself runs in this shared JVM. */
            @Override
            public List<Long> processes() throws PlatformException {
                try {
                    return runtime.pids(id).stream().map(Integer::longValue).toList();
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

    /**
     * Creates the container with stdout and stderr on a pipe whose read end is pumped into
     * {@code output}; this process keeps no write end, so the pump ends when the container does.
     */
    private OutputPump createWithOutput(String id, Path bundle, Consumer<String> output)
            throws ContainerException, IOException {
        FdPair pipe = sys.pipe2(Syscalls.O_CLOEXEC);
        int devNull = -1;
        try {
            devNull = sys.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
            runtime.create(id, CreateRequest.builder().bundle(bundle).stdio(Stdio.of(devNull, pipe.second(), pipe.second())).build());
        } catch (ContainerException | RuntimeException e) {
            sys.close(pipe.first());
            throw e;
        } finally {
            sys.close(pipe.second());
            if (devNull >= 0) {
                sys.close(devNull);
            }
        }
        try {
            // A stream of our own on the pipe (a second open file description), then the raw fd goes.
            return OutputPump.start(new FileInputStream("/proc/self/fd/" + pipe.first()), output, id);
        } finally {
            sys.close(pipe.first());
        }
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
