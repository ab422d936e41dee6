package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code delete}: remove a stopped container (or, with --force, any container) and everything it made. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a container and what it made (cgroup, state).")
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    RuncCommand parent;

    @Option(names = {"-f", "--force"}, description = "Kill the container first if it is still running.")
    boolean force;

    @Parameters(index = "0", paramLabel = "CONTAINER-ID")
    String id;

    @Override
    public Integer call() throws Exception {
        try (ContainerRuntime rt = ContainerRuntime.open(parent.global().root())) {
            rt.delete(id, force);
        }
        return 0;
    }
}
