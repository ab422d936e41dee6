package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code create}: set the container up and leave it waiting for {@code start}. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a container from a bundle; it waits for start.")
final class CreateCommand implements Callable<Integer> {
    @ParentCommand
    RuncCommand parent;

    @Mixin
    CreateOptions options;

    @Parameters(index = "0", paramLabel = "CONTAINER-ID")
    String id;

    @Override
    public Integer call() throws Exception {
        try (ContainerRuntime rt = ContainerRuntime.open(parent.global().root())) {
            rt.create(id, options.toRequest());
        }
        return 0;
    }
}
