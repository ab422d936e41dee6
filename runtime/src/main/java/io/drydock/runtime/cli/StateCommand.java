package io.drydock.runtime.cli;

import io.drydock.runtime.cli.CommandSyntax.Positional;
import io.drydock.runtime.container.ContainerRuntime;
import java.util.List;

/** {@code state}: the OCI state JSON of a container. */
final class StateCommand implements RuncSubcommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("state", "Print the OCI state of a container as JSON.",
        List.of(), List.of(Positional.required("CONTAINER-ID")), false);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        try (ContainerRuntime rt = inv.openRuntime()) {
            inv.out().println(rt.stateJson(inv.args().positional(0)));
        }
        return 0;
    }
}
