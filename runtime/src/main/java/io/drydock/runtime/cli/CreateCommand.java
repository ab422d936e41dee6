package io.drydock.runtime.cli;

import io.drydock.runtime.cli.CommandSyntax.Positional;
import io.drydock.runtime.container.ContainerRuntime;
import java.util.List;

/** {@code create}: set the container up and leave it waiting for {@code start}. */
final class CreateCommand implements RuncSubcommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("create", "Create a container from a bundle; it waits for start.",
        CreateOptions.FLAGS, List.of(Positional.required("CONTAINER-ID")), false);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        try (ContainerRuntime rt = inv.openRuntime()) {
            rt.create(inv.args().positional(0), CreateOptions.toRequest(inv.args(), inv.host()));
        }
        return 0;
    }
}
