package io.drydock.runtime.cli;

import io.drydock.runtime.cli.CommandSyntax.Positional;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.ExecRequest;
import java.util.List;

/** {@code exec}: run another process in a running container's namespaces and cgroup. */
final class ExecCommand implements RuncSubcommand {
    // As runc: flags come before the container id; everything after it belongs to the process.
    static final CommandSyntax SYNTAX = new CommandSyntax("exec", "Run a process inside a running container.",
        List.of(
            Flag.value("PATH", "process.json (an OCI process object) instead of the command line.", "--process", "-p"),
            Flag.value("DIR", "Working directory in the container.", "--cwd"),
            Flag.repeated("K=V", "Set an environment variable; repeatable.", "--env", "-e"),
            Flag.value("UID[:GID]", "User to run as.", "--user", "-u"),
            Flag.repeated("GID", "Additional gid; repeatable.", "--additional-gids", "-g"),
            Flag.bool("Allocate a pseudo-TTY (needs --console-socket).", "--tty", "-t"),
            Flag.value("PATH", "AF_UNIX socket that receives the pty master.", "--console-socket"),
            Flag.repeated("CAP", "Add a capability (e.g. CAP_NET_ADMIN); repeatable.", "--cap", "-c"),
            Flag.bool("Set no_new_privs for the process.", "--no-new-privs"),
            Flag.bool("Do not wait for the process.", "--detach", "-d"),
            Flag.value("PATH", "Write the process's pid to this file.", "--pid-file"),
            Flag.value("N", "Pass this many extra fds to the process.", "--preserve-fds")),
        List.of(Positional.required("CONTAINER-ID"),
            Positional.rest("COMMAND", "Command and arguments (unless --process).")),
        true);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        ParsedArgs a = inv.args();
        ExecRequest req = request(a, inv.host().stdio(a.command(), a.intValue("preserve-fds", 0)));
        try (ContainerRuntime rt = inv.openRuntime()) {
            return rt.exec(a.positional(0), req);
        }
    }

    static ExecRequest request(ParsedArgs a) throws UsageException {
        return request(a, io.drydock.runtime.process.Stdio.of(0, 1, 2));
    }

    static ExecRequest request(ParsedArgs a, io.drydock.runtime.process.Stdio stdio) throws UsageException {
        List<String> command = a.positionalsFrom(1);
        if (a.path("process") == null && command.isEmpty()) {
            throw new UsageException(a.command(), "exec needs a command or --process process.json");
        }
        return ExecRequest.builder()
            .processFile(a.path("process"))
            .args(command)
            .cwd(a.value("cwd"))
            .env(a.values("env"))
            .user(a.value("user"))
            .additionalGids(a.intValues("additional-gids"))
            .tty(a.isSet("tty"))
            .consoleSocket(a.path("console-socket"))
            .addCapabilities(a.values("cap"))
            .noNewPrivileges(a.isSet("no-new-privs"))
            .detach(a.isSet("detach"))
            .pidFile(a.path("pid-file"))
            .preserveFds(a.intValue("preserve-fds", 0))
            .stdio(stdio)
            .build();
    }
}
