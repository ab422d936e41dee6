package io.drydock.runtime.cli;

import io.drydock.runtime.cli.CommandSyntax.Positional;
import io.drydock.runtime.container.ContainerRuntime;
import java.util.ArrayList;
import java.util.List;

/** {@code ps}: the processes of a container (pids in the host's namespace). */
final class PsCommand implements RuncSubcommand {
    // As runc: everything after the container id is for ps(1) (`ps ID -ef`).
    static final CommandSyntax SYNTAX = new CommandSyntax("ps", "List the processes running in a container.",
        List.of(Flag.value("FORMAT", "table or json (default: table).", "--format", "-f")),
        List.of(Positional.required("CONTAINER-ID"), Positional.rest("PS-ARGS", "Options passed to ps(1) for the table format.")),
        true);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        String format = inv.args().value("format", "table");
        if (!format.equals("table") && !format.equals("json")) {
            throw new UsageException(inv.args().command(), "--format must be table or json, got '" + format + "'");
        }
        List<Integer> pids;
        try (ContainerRuntime rt = inv.openRuntime()) {
            pids = rt.pids(inv.args().positional(0));
        }
        if (format.equals("json")) {
            inv.out().println(pids.toString().replace(" ", ""));
            return 0;
        }
        if (pids.isEmpty()) {
            return 0;
        }
        List<String> psArgs = inv.args().positionalsFrom(1);
        List<String> cmd = new ArrayList<>(List.of("ps"));
        cmd.addAll(psArgs.isEmpty() ? List.of("-o", "pid,user,etime,args") : psArgs);
        cmd.add("-p");
        cmd.add(String.join(",", pids.stream().map(String::valueOf).toList()));
        inv.out().flush();
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }
}
