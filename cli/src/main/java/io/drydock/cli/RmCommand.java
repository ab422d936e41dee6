package io.drydock.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock rm}: remove containers with their changes, overlay and network attachment. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove containers (-f kills running ones first).")
public final class RmCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Kill a running container first.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        try {
            CommandValues.containers(containers);
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        return engine.eachContainer(spec.commandLine(), containers, (e, c) -> e.remove(c, force));
    }
}
