package io.drydock.conformance;

import io.drydock.runtime.container.ContainerException;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.CreateRequest;
import io.drydock.runtime.container.ExecRequest;
import io.drydock.runtime.process.Stdio;
import io.drydock.runtime.sys.SignalName;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.linux.LinuxSyscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * drydock's runtime through its Java API ({@link ContainerRuntime}) in this JVM, given runc's
 * commands so the same tests run: create, start, state, kill, delete, exec, ps and run map to
 * the API's methods; an API error is exit status 1 with its message on the error output, as the
 * runc CLI would report it. The API has no pause or resume: those answer "unknown command".
 */
final class ApiDriver implements RuntimeDriver {
    private static final Syscalls SYS = new LinuxSyscalls();
    private static final int USAGE = 2;

    private final Path stateRoot;
    private final ContainerRuntime runtime;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "certify-api-call");
        t.setDaemon(true);
        return t;
    });

    ApiDriver(Path stateRoot) {
        this.stateRoot = stateRoot;
        try {
            this.runtime = ContainerRuntime.open(stateRoot);
        } catch (ContainerException e) {
            throw new IllegalStateException("cannot open drydock's runtime on " + stateRoot + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> commandLine(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("drydock API", "--root", stateRoot.toString()));
        cmd.addAll(args);
        return cmd;
    }

    @Override
    public int call(List<String> args, Path out, Path err) throws IOException {
        Files.write(out, new byte[0]);
        Files.write(err, new byte[0]);
        Future<Integer> f = calls.submit(() -> dispatch(args, out, err));
        try {
            return f.get(Harness.COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("'" + String.join(" ", commandLine(args)) + "' did not end within "
                + Harness.COMMAND_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted in " + String.join(" ", commandLine(args)), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new AssertionError("'" + String.join(" ", commandLine(args)) + "' failed: " + e.getCause(), e.getCause());
        }
    }

    private int dispatch(List<String> args, Path out, Path err) throws IOException {
        Options o = Options.parse(args);
        try {
            switch (o.command) {
                case "create" -> withStdio(out, err, stdio -> {
                    runtime.create(o.id(), request(o, stdio));
                    return 0;
                });
                case "run" -> {
                    return withStdio(out, err, stdio -> runtime.run(o.id(), request(o, stdio)));
                }
                case "start" -> runtime.start(o.id());
                case "state" -> Files.writeString(out, runtime.stateJson(o.id()) + "\n");
                case "kill" -> runtime.kill(o.id(), SignalName.parse(o.rest.size() > 1 ? o.rest.get(1) : "TERM"), false);
                case "delete" -> runtime.delete(o.id(), o.force);
                case "ps" -> Files.writeString(out, runtime.pids(o.id()).toString() + "\n");
                case "exec" -> {
                    List<String> cmd = o.rest.subList(1, o.rest.size());
                    return withStdio(out, err, stdio -> runtime.exec(o.id(),
                        ExecRequest.builder().args(cmd).stdio(stdio).build()));
                }
                default -> {
                    Files.writeString(err, "drydock API: unknown command '" + o.command + "'\n");
                    return USAGE;
                }
            }
            return 0;
        } catch (ContainerException | IllegalArgumentException e) {
            Files.writeString(err, "drydock API: " + e.getMessage() + "\n", StandardCharsets.UTF_8);
            return 1;
        }
    }

    private static CreateRequest request(Options o, Stdio stdio) {
        CreateRequest.Builder b = CreateRequest.builder().bundle(o.bundle).stdio(stdio);
        if (o.pidFile != null) {
            b.pidFile(o.pidFile);
        }
        if (o.consoleSocket != null) {
            b.consoleSocket(o.consoleSocket);
        }
        return b.build();
    }

    private interface WithStdio {
        int run(Stdio stdio) throws ContainerException, IOException;
    }

    /** Opens /dev/null and the two files as a container's stdio for the call, and closes this JVM's copies after. */
    private static int withStdio(Path out, Path err, WithStdio body) throws ContainerException, IOException {
        int in = SYS.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        int o = SYS.open(out.toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
        int e = SYS.open(err.toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
        try {
            return body.run(Stdio.of(in, o, e));
        } finally {
            SYS.close(in);
            SYS.close(o);
            SYS.close(e);
        }
    }

    /** runc's flags the suite uses, and the positional arguments. */
    private record Options(String command, Path bundle, Path pidFile, Path consoleSocket, boolean force, List<String> rest) {
        static Options parse(List<String> args) {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("no command");
            }
            Path bundle = Path.of(".");
            Path pidFile = null;
            Path console = null;
            boolean force = false;
            List<String> rest = new ArrayList<>();
            for (int i = 1; i < args.size(); i++) {
                String a = args.get(i);
                if (!rest.isEmpty()) {
                    rest.add(a); // after the id everything belongs to the command (exec's process)
                    continue;
                }
                switch (a) {
                    case "--bundle" -> bundle = Path.of(args.get(++i));
                    case "--pid-file" -> pidFile = Path.of(args.get(++i));
                    case "--console-socket" -> console = Path.of(args.get(++i));
                    case "--force", "-f" -> force = true;
                    case "--format" -> i++;
                    default -> rest.add(a);
                }
            }
            return new Options(args.get(0), bundle, pidFile, console, force, rest);
        }

        String id() {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(command + ": a container id is required");
            }
            return rest.get(0);
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
        runtime.close();
    }
}
