package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code start}: run the user process of a created container. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start the user process of a created container.")
final class StartCommand implements Callable<Integer> {
    @ParentCommand
    RuncCommand parent;

    @Parameters(index = "0", paramLabel = "CONTAINER-ID")
    String id;

    @Override
    public Integer call() throws Exception {
        try (ContainerRuntime rt = ContainerRuntime.open(parent.global().root())) {
            rt.start(id);
        }
        return 0;
    }
}
