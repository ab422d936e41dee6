package io.drydock.runtime.cli;

import io.drydock.runtime.sys.SignalName;

import io.drydock.runtime.container.ContainerRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kill}: send a signal to the container's init (or, with --all, every process in it). */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Send a signal (default TERM) to a container.")
final class KillCommand implements Callable<Integer> {
    @ParentCommand
    RuncCommand parent;

    @Option(names = {"-a", "--all"}, description = "Signal every process of the container, not only its init.")
    boolean all;

    @Parameters(index = "0", paramLabel = "CONTAINER-ID")
    String id;

    @Parameters(index = "1", paramLabel = "SIGNAL", defaultValue = "TERM", description = "Name or number (default: TERM).")
    String signal;

    @Override
    public Integer call() throws Exception {
        int sig = SignalName.parse(signal);
        try (ContainerRuntime rt = ContainerRuntime.open(parent.global().root())) {
            rt.kill(id, sig, all);
        }
        return 0;
    }
}
