package io.drydock.cli;

import io.drydock.runtime.engine.CpuLimit;
import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import io.drydock.runtime.engine.MemorySize;
import io.drydock.runtime.engine.RunOptions;
import io.drydock.runtime.network.NetworkMode;
import io.drydock.runtime.network.PortMapping;
import io.drydock.runtime.process.Stdio;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock run}: a new container from an image, in the foreground or with {@code -d} in the background. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a command in a new container from an image (busybox is built from the host when missing).")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container id.")
    boolean detach;

    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean autoRemove;

    @Option(names = "--name", description = "Container name (default: generated).")
    String name;

    @Option(names = {"-e", "--env"}, description = "Set an environment variable: KEY=VALUE, or KEY to pass the host's.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container.")
    String workdir;

    @Option(names = {"-u", "--user"}, description = "User: name|uid[:group|gid].")
    String user;

    @Option(names = {"-m", "--memory"}, description = "Memory limit, e.g. 64m, 1g.")
    String memory;

    @Option(names = "--cpus", description = "CPU quota, e.g. 0.5.")
    String cpus;

    @Option(names = "--pids-limit", description = "Maximum number of processes.")
    Long pidsLimit;

    @Option(names = "--read-only", description = "Mount the root filesystem read-only.")
    boolean readOnly;

    @Option(names = "--network", description = "bridge (default), host or none.", defaultValue = "bridge")
    String network;

    @Option(names = {"-p", "--publish"}, description = "Publish a port: [hostIP:][hostPort:]containerPort[/tcp|udp].")
    List<String> publish = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image.")
    String image;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments (default: the image's).")
    List<String> command = new ArrayList<>();

    /** The options as the engine takes them; a malformed value throws IllegalArgumentException naming it. */
    RunOptions options() {
        CommandValues.image(image);
        if (name != null) {
            io.drydock.runtime.engine.ContainerNames.checkName(name);
        }
        CommandValues.workdir(workdir);
        List<String> environment = new ArrayList<>();
        for (String e : CommandValues.env(env)) {
            if (e.indexOf('=') < 0) {
                String host = System.getenv(e);
                if (host != null) {
                    environment.add(e + "=" + host);
                }
            } else {
                environment.add(e);
            }
        }
        Long memoryBytes = memory == null ? null : MemorySize.parse("--memory", memory);
        CpuLimit cpu = cpus == null ? null : CpuLimit.parse(cpus, Runtime.getRuntime().availableProcessors());
        List<PortMapping> ports = PortMapping.parseAll(publish);
        return new RunOptions(image, command, detach, autoRemove, name, environment, workdir, user, memoryBytes, cpu,
                pidsLimit, readOnly, NetworkMode.parse(network), ports);
    }

    @Override
    public Integer call() {
        RunOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        try (Engine e = engine.open()) {
            if (options.detach()) {
                EngineContainer c = e.runDetached(options);
                System.out.println(c.id());
                return 0;
            }
            System.out.flush();
            System.err.flush();
            // Ctrl-C or SIGTERM to drydock: kill the container and let the run tidy up before the JVM ends.
            CountDownLatch finished = new CountDownLatch(1);
            AtomicReference<String> started = new AtomicReference<>();
            Thread hook = new Thread(() -> {
                String id = started.get();
                if (id != null && finished.getCount() > 0) {
                    try {
                        e.kill(id, 9);
                    } catch (Exception ignored) {
                        // it exited on its own meanwhile
                    }
                }
                try {
                    finished.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }, "drydock-run-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return e.runForeground(options, Stdio.of(0, 1, 2), c -> started.set(c.id()));
            } finally {
                finished.countDown();
            }
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, EngineOptions.EXIT_ENGINE);
        }
    }
}
