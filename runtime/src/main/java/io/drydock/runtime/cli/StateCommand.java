package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code state}: the OCI state JSON of a container. */
@Command(name = "state", mixinStandardHelpOptions = true, description = "Print the OCI state of a container as JSON.")
final class StateCommand implements Callable<Integer> {
    @ParentCommand
    RuncCommand parent;

    @Parameters(index = "0", paramLabel = "CONTAINER-ID")
    String id;

    @Override
    public Integer call() throws Exception {
        try (ContainerRuntime rt = ContainerRuntime.open(parent.global().root())) {
            System.out.println(rt.stateJson(id));
        }
        return 0;
    }
}
