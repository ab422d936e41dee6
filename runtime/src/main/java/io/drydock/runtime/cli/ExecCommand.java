package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.ExecRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code exec}: run another process in a running container's namespaces and cgroup. */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a process inside a running container.")
final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    RuncCommand parent;

    @Option(names = {"-p", "--process"}, description = "process.json (an OCI process object) instead of the command line.")
    Path process;

    @Option(names = "--cwd", description = "Working directory in the container.")
    String cwd;

    @Option(names = {"-e", "--env"}, description = "Set an environment variable (K=V); repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, description = "uid[:gid] to run as.")
    String user;

    @Option(names = {"-g", "--additional-gids"}, description = "Additional gid; repeatable.")
    List<Integer> additionalGids = new ArrayList<>();

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY (needs --console-socket).")
    boolean tty;

    @Option(names = "--console-socket", description = "AF_UNIX socket that receives the pty master.")
    Path consoleSocket;

    @Option(names = {"-c", "--cap"}, description = "Add a capability (e.g. CAP_NET_ADMIN); repeatable.")
    List<String> caps = new ArrayList<>();

    @Option(names = "--no-new-privs", description = "Set no_new_privs for the process.")
    boolean noNewPrivs;

    @Option(names = {"-d", "--detach"}, description = "Do not wait for the process.")
    boolean detach;

    @Option(names = "--pid-file", description = "Write the process's pid to this file.")
    Path pidFile;

    @Option(names = "--preserve-fds", description = "Pass this many extra fds to the process.", defaultValue = "0")
    int preserveFds;

    @Parameters(index = "0", paramLabel = "CONTAINER-ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments (unless --process).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (process == null && command.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command or --process process.json");
        }
        ExecRequest req = ExecRequest.builder()
            .processFile(process)
            .args(command)
            .cwd(cwd)
            .env(env)
            .user(user)
            .additionalGids(additionalGids)
            .tty(tty)
            .consoleSocket(consoleSocket)
            .addCapabilities(caps)
            .noNewPrivileges(noNewPrivs)
            .detach(detach)
            .pidFile(pidFile)
            .preserveFds(preserveFds)
            .build();
        try (ContainerRuntime rt = ContainerRuntime.open(parent.global().root())) {
            return rt.exec(id, req);
        }
    }
}
