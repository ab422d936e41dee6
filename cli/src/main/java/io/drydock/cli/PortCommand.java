package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.network.PortMapping;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drydock port}: a container's port mappings. */
@Command(name = "port", mixinStandardHelpOptions = true, description = "List a container's port mappings.")
public final class PortCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        try {
            CommandValues.container(container);
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        try (Engine e = engine.open()) {
            for (PortMapping p : e.ports(container)) {
                System.out.println(p.containerPort() + "/" + p.protocol().cniName() + " -> "
                        + (p.hostIp() == null ? "0.0.0.0" : p.hostIp().getHostAddress()) + ":" + p.hostPort());
            }
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }
}
