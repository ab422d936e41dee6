package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drydock ps}: the containers. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List containers (running ones unless -a).")
public final class PsCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Show exited containers too.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only ids.")
    boolean quiet;

    @Override
    public Integer call() {
        try (Engine e = engine.open()) {
            if (!quiet) {
                System.out.printf("%-12s  %-24s  %-30s  %-20s  %-28s  %s%n", "CONTAINER ID", "IMAGE", "COMMAND", "STATUS",
                        "PORTS", "NAMES");
            }
            for (EngineContainer c : e.list(all)) {
                if (quiet) {
                    System.out.println(c.shortId());
                    continue;
                }
                String status = switch (c.state()) {
                    case EngineContainer.EXITED -> c.exitCode() == null ? "Exited" : "Exited (" + c.exitCode() + ")";
                    case EngineContainer.RUNNING -> "Up";
                    default -> "Created";
                };
                String cmd = String.join(" ", c.args());
                if (cmd.length() > 28) {
                    cmd = cmd.substring(0, 27) + "…";
                }
                System.out.printf("%-12s  %-24s  %-30s  %-20s  %-28s  %s%n", c.shortId(), c.image(), "\"" + cmd + "\"",
                        status, c.state().equals(EngineContainer.RUNNING) ? String.join(",", c.ports()) : "", c.name());
            }
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }
}
