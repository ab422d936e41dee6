package io.drydock.runtime.cli;

import io.drydock.runtime.cli.CommandSyntax.Positional;
import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.sys.SignalName;
import java.util.List;

/** {@code kill}: send a signal to the container's init (or, with --all, every process in it). */
final class KillCommand implements RuncSubcommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("kill", "Send a signal (default TERM) to a container.",
        List.of(Flag.bool("Signal every process of the container, not only its init.", "--all", "-a")),
        List.of(Positional.required("CONTAINER-ID"), Positional.optional("SIGNAL", "Name or number (default: TERM).")),
        false);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        int sig = SignalName.parse(inv.args().positional(1, "TERM"));
        try (ContainerRuntime rt = inv.openRuntime()) {
            rt.kill(inv.args().positional(0), sig, inv.args().isSet("all"));
        }
        return 0;
    }
}
