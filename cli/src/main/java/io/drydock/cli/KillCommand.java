package io.drydock.cli;

import io.drydock.runtime.sys.SignalName;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock kill}: a signal to a running container. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Send a signal (default KILL) to containers.")
public final class KillCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-s", "--signal"}, description = "Signal name or number.", defaultValue = "KILL")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        int number;
        try {
            number = SignalName.parse(signal);
            CommandValues.containers(containers);
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        return engine.eachContainer(spec.commandLine(), containers, (e, c) -> e.kill(c, number));
    }
}
