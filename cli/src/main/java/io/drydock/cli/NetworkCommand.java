package io.drydock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drydock network}: the container network. */
@Command(name = "network", mixinStandardHelpOptions = true, description = "Manage the container network.",
    subcommands = {NetworkPruneCommand.class})
public final class NetworkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
