package io.drydock.runtime.cli;

import io.drydock.runtime.cli.CommandSyntax.Positional;
import io.drydock.runtime.container.ContainerRuntime;
import java.util.List;

/** {@code start}: run the user process of a created container. */
final class StartCommand implements RuncSubcommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("start", "Start the user process of a created container.",
        List.of(), List.of(Positional.required("CONTAINER-ID")), false);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        try (ContainerRuntime rt = inv.openRuntime()) {
            rt.start(inv.args().positional(0));
        }
        return 0;
    }
}
