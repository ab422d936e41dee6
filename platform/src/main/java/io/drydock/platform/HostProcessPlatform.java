package io.drydock.platform;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare host: the workload's command runs as a plain process with the host's binaries (the
 * rootfs is not used), optionally behind a prefix such as {@code unshare --fork --pid ...}: the
 * floor every isolated platform is compared against.
 */
public final class HostProcessPlatform implements Platform {
    private final String name;
    private final List<String> prefix;
    private final AtomicLong counter = new AtomicLong();

    public HostProcessPlatform(String name, List<String> prefix) {
        this.name = name;
        this.prefix = List.copyOf(prefix);
    }

    /** The host itself, no isolation. */
    public static HostProcessPlatform host() {
        return new HostProcessPlatform("host", List.of());
    }

    /** Fresh namespaces with unshare(1) and nothing else: the kernel's share of a container start. */
    public static HostProcessPlatform unshare() {
        return new HostProcessPlatform("unshare", List.of("unshare", "--fork", "--pid", "--mount", "--net", "--uts", "--ipc"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Instance start(InstanceSpec spec) throws PlatformException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(spec.args());
        try {
            Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            String id = name + "-" + counter.incrementAndGet();
            return new Instance() {
                @Override
                public String id() {
                    return id;
                }

                @Override
                public int awaitExit() throws PlatformException {
                    try {
                        return p.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PlatformException(name, "interrupted", e);
                    }
                }

                @Override
                public void close() {
                    if (p.isAlive()) {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }
                }
            };
        } catch (IOException e) {
            throw new PlatformException(name, "cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Holds nothing.
    }
}
