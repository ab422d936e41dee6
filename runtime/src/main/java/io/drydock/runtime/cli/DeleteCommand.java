package io.drydock.runtime.cli;

import io.drydock.runtime.cli.CommandSyntax.Positional;
import io.drydock.runtime.container.ContainerRuntime;
import java.util.List;

/** {@code delete}: remove a stopped container (or, with --force, any container) and everything it made. */
final class DeleteCommand implements RuncSubcommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("delete", "Delete a container and what it made (cgroup, state).",
        List.of(Flag.bool("Kill the container first if it is still running.", "--force", "-f")),
        List.of(Positional.required("CONTAINER-ID")), false);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        try (ContainerRuntime rt = inv.openRuntime()) {
            rt.delete(inv.args().positional(0), inv.args().isSet("force"));
        }
        return 0;
    }
}
