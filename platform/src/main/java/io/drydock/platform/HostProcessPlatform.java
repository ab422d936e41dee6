package io.drydock.platform;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare host: the workload's command runs as a plain process with the host's binaries (the
 * rootfs and volumes are not used: a workload that needs a directory is given the host's own), optionally behind a prefix such as {@code unshare --fork --pid ...}: the
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

    /**
     * The host, each workload leading a session of its own ({@code setsid}, util-linux, which execs
     * the command in place: no extra process), as a command started from a shell of its own runs
     * and as a container's process does. Left in the session of the JVM that starts it, a process
     * shares the kernel's autogroup (CFS groups tasks by session when
     * {@code /proc/sys/kernel/sched_autogroup_enabled} is 1) with the JVM's threads; in the
     * benchmarks' forks sysbench on the host then ran 1-3% below the same binary in any container,
     * and at the containers' pace in a session of its own.
     */
    public static HostProcessPlatform hostOwnSession() {
        return new HostProcessPlatform("host", List.of("setsid"));
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
    public Instance start(InstanceSpec spec, Consumer<String> output) throws PlatformException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(spec.args());
        try {
            ProcessBuilder b = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            environment(b.environment(), spec.env());
            if (output == null) {
                b.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            } else {
                b.redirectErrorStream(true);
            }
            Process p = b.start();
            String id = name + "-" + counter.incrementAndGet();
            OutputPump pump = output == null ? null : OutputPump.start(p.getInputStream(), output, id);
            return new Instance() {
                @Override
                public String id() {
                    return id;
                }

                @Override
                public int awaitExit() throws PlatformException {
                    try {
                        int code = p.waitFor();
                        if (pump != null) {
                            pump.finish();
                        }
                        return code;
                    } catch (IOException e) {
                        throw new PlatformException(name, e.getMessage(), e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PlatformException(name, "interrupted", e);
                    }
                }

                @Override
                public List<Long> processes() {
                    return withDescendants(p.toHandle());
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

    /**
     * The workload's environment: the host's, with the spec's entries on top (PATH and the like
     * point at the same places on a Debian host as in a Debian image).
     */
    private static void environment(Map<String, String> env, List<String> entries) {
        for (String e : entries) {
            int eq = e.indexOf('=');
            env.put(e.substring(0, eq), e.substring(eq + 1));
        }
    }

    /** {@code root}'s pid and its live descendants' pids. */
    public static List<Long> withDescendants(ProcessHandle root) {
        List<Long> pids = new ArrayList<>();
        if (root.isAlive()) {
            pids.add(root.pid());
        }
        root.descendants().filter(ProcessHandle::isAlive).forEach(h -> pids.add(h.pid()));
        return pids;
    }

    @Override
    public void close() {
        // Holds nothing.
    }
}
