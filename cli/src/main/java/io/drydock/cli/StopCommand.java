package io.drydock.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock stop}: the stop signal, then SIGKILL after a grace period. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stop containers: SIGTERM (or the image's stop signal), SIGKILL after the timeout.")
public final class StopCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-t", "--time"}, description = "Seconds to wait before SIGKILL (default 10).", defaultValue = "10")
    int seconds;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    public Integer call() {
        if (seconds < 0) {
            return engine.usage(spec.commandLine(), new IllegalArgumentException("-t " + seconds + " must be >= 0"));
        }
        try {
            CommandValues.containers(containers);
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        return engine.eachContainer(spec.commandLine(), containers, (e, c) -> e.stop(c, Duration.ofSeconds(seconds)));
    }
}
