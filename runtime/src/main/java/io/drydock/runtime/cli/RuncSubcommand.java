package io.drydock.runtime.cli;

import java.io.PrintWriter;

/** One subcommand of {@code drydock-runc}: its syntax and what it does. */
interface RuncSubcommand {
    /** What the subcommand accepts. */
    CommandSyntax syntax();

    /**
     * Runs the subcommand.
     *
     * @return the process exit code
     */
    int run(Invocation inv) throws Exception;

    /**
     * One call of a subcommand: the global options, its own parsed arguments, and where its
     * output goes.
     */
    record Invocation(GlobalOptions global, ParsedArgs args, PrintWriter out, RuncHost host) {
        /** The runtime over the global --root. */
        io.drydock.runtime.container.ContainerRuntime openRuntime() throws io.drydock.runtime.container.ContainerException {
            return host.runtimes().open(global.root());
        }
    }
}
