package io.drydock.platform.oci;

import io.drydock.platform.HostProcessPlatform;
import io.drydock.platform.Instance;
import io.drydock.platform.OutputPump;
import io.drydock.platform.InstanceSpec;
import io.drydock.platform.Platform;
import io.drydock.platform.PlatformException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Any OCI runtime binary with runc's command line: runc, crun, youki, or drydock's own
 * {@code drydock-runc}. An instance is {@code BIN --root STATE run --bundle B ID} in the
 * foreground, so its end is the container's end and the runtime deletes the container itself.
 */
public final class OciRuntimePlatform implements Platform {
    private final String name;
    private final List<String> command;
    private final Path work;
    private final Path stateRoot;
    private final Map<InstanceSpec, Path> bundles = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, String> env;

    /**
     * @param name    the name in results, e.g. "runc"
     * @param command the runtime binary and any arguments before runc's global flags
     * @param work    a directory this platform owns (bundles and state go below it; removed on close)
     */
    public OciRuntimePlatform(String name, List<String> command, Path work) throws PlatformException {
        this(name, command, work, Map.of());
    }

    /**
     * @param env     variables added to the runtime's environment (e.g. which daemon drydock-runc uses)
     */
    public OciRuntimePlatform(String name, List<String> command, Path work, Map<String, String> env)
            throws PlatformException {
        this.env = Map.copyOf(env);
        this.name = name;
        this.command = List.copyOf(command);
        this.work = work;
        this.stateRoot = work.resolve("state");
        try {
            Files.createDirectories(stateRoot);
        } catch (IOException e) {
            throw new PlatformException(name, "cannot create " + stateRoot + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** Writes the instance's bundle now, so that no start pays for it. */
    public Path prepare(InstanceSpec spec) throws PlatformException {
        Path b = bundles.get(spec);
        if (b != null) {
            return b;
        }
        Path dir = work.resolve("bundle-" + bundles.size());
        try {
            BundleWriter.write(spec, dir);
        } catch (IOException e) {
            throw new PlatformException(name, e.getMessage(), e);
        }
        bundles.put(spec, dir);
        return dir;
    }

    @Override
    public Instance start(InstanceSpec spec, Consumer<String> output) throws PlatformException {
        Path bundle = prepare(spec);
        String id = name.replaceAll("[^A-Za-z0-9]", "") + "-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("--root", stateRoot.toString(), "run", "--bundle", bundle.toString(), id));
        try {
            ProcessBuilder b = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            b.environment().putAll(env);
            if (output == null) {
                b.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            } else {
                // In the foreground the runtime hands its own stdio to the container's process.
                b.redirectErrorStream(true);
            }
            Process p = b.start();
            return new RuntimeInstance(id, p, output == null ? null : OutputPump.start(p.getInputStream(), output, id));
        } catch (IOException e) {
            throw new PlatformException(name, "cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        }
    }

    private final class RuntimeInstance implements Instance {
        private final String id;
        private final Process process;
        private final OutputPump pump;

        RuntimeInstance(String id, Process process, OutputPump pump) {
            this.id = id;
            this.process = process;
            this.pump = pump;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int awaitExit() throws PlatformException {
            try {
                int code = process.waitFor();
                if (pump != null) {
                    pump.finish();
                }
                return code;
            } catch (IOException e) {
                throw new PlatformException(name, id + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException(name, "interrupted waiting for " + id, e);
            }
        }

        /** The foreground runtime process (it stays for the container's life) and the container's processes below it. */
        @Override
        public List<Long> processes() {
            return HostProcessPlatform.withDescendants(process.toHandle());
        }

        @Override
        public void close() throws PlatformException {
            if (!process.isAlive()) {
                return;
            }
            // Still running: have the runtime kill and delete it, then make sure the runtime process ends.
            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(List.of("--root", stateRoot.toString(), "delete", "--force", id));
            try {
                ProcessBuilder delete = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
                delete.environment().putAll(env);
                delete.start().waitFor(30, TimeUnit.SECONDS);
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (IOException e) {
                throw new PlatformException(name, "cannot delete " + id + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException(name, "interrupted deleting " + id, e);
            }
        }
    }

    @Override
    public void close() throws PlatformException {
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new PlatformException(name, "cannot remove " + work + ": " + e.getMessage(), e);
        }
    }
}
