package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.process.Stdio;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drydock exec}: a command in a running container, with this terminal's stdio. */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command in a running container.")
public final class ExecCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            CommandValues.container(container);
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        try (Engine e = engine.open()) {
            System.out.flush();
            return e.exec(container, command, Stdio.of(0, 1, 2));
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, EngineOptions.EXIT_ENGINE);
        }
    }
}
