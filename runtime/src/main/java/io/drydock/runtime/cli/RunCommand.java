package io.drydock.runtime.cli;

import io.drydock.runtime.cli.CommandSyntax.Positional;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.CreateRequest;
import java.util.ArrayList;
import java.util.List;

/** {@code run}: create and start; in the foreground, wait, delete, and exit with the container's code. */
final class RunCommand implements RuncSubcommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("run",
        "Create and start a container; without --detach, wait and pass its exit code through.",
        flags(), List.of(Positional.required("CONTAINER-ID")), false);

    private static List<Flag> flags() {
        List<Flag> f = new ArrayList<>(CreateOptions.FLAGS);
        f.add(Flag.bool("Return once the container is running.", "--detach", "-d"));
        return f;
    }

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        String id = inv.args().positional(0);
        CreateRequest request = CreateOptions.toRequest(inv.args(), inv.host());
        try (ContainerRuntime rt = inv.openRuntime()) {
            if (inv.args().isSet("detach")) {
                rt.create(id, request);
                rt.start(id);
                return 0;
            }
            return rt.run(id, request);
        }
    }
}
