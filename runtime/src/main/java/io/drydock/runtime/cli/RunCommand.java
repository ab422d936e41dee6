package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code run}: create and start; in the foreground, wait, delete, and exit with the container's code. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Create and start a container; without --detach, wait and pass its exit code through.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RuncCommand parent;

    @Mixin
    CreateOptions options;

    @Option(names = {"-d", "--detach"}, description = "Return once the container is running.")
    boolean detach;

    @Parameters(index = "0", paramLabel = "CONTAINER-ID")
    String id;

    @Override
    public Integer call() throws Exception {
        try (ContainerRuntime rt = ContainerRuntime.open(parent.global().root())) {
            if (detach) {
                rt.create(id, options.toRequest());
                rt.start(id);
                return 0;
            }
            return rt.run(id, options.toRequest());
        }
    }
}
