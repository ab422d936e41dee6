package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.network.NetworkPrune;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code drydock network prune}: removes what a killed drydock left on the network. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove attachments of containers that are gone, leftover rules and addresses, and the bridge when unused.")
public final class NetworkPruneCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Engine e = engine.open()) {
            e.list(true); // tidies exited containers first, detaching them properly
            NetworkPrune.Report r = e.pruneNetwork();
            r.detached().forEach(id -> System.out.println("Detached: " + id));
            r.releasedAddresses().forEach(a -> System.out.println("Released address: " + a));
            r.ruleOwnersCleaned().forEach(id -> System.out.println("Removed rules of: " + id));
            if (r.bridgeRemoved()) {
                System.out.println("Removed bridge: " + e.config().network().bridge());
            }
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }
}
