package io.drydock.cli;

import io.drydock.platform.PlatformException;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.runtime.engine.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code drydock prune}: recovers the host from a drydock killed at any point (the CLI, a
 * benchmark JVM): removes containers whose create was killed, tidies exited ones, and removes
 * runtime states (with their cgroups and processes), snapshots (overlay mounts and upper dirs),
 * bundles and network attachments, rules and addresses that no container owns, and VMs whose
 * start was killed (domain, files, tap, address). Never touches a running container or VM, or
 * one another drydock is still creating.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove what a killed drydock left: half-created containers, and runtime states, cgroups, "
        + "overlay mounts, snapshots, bundles and network attachments no container owns; VMs whose start was killed. "
        + "Running containers and VMs are kept.")
public final class PruneCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Engine e = engine.open()) {
            Engine.PruneReport r = e.prune();
            r.containers().forEach(id -> System.out.println("Removed half-created container: " + id));
            r.runtimeStates().forEach(id -> System.out.println("Removed runtime state and cgroup: " + id));
            r.snapshots().forEach(id -> System.out.println("Removed snapshot: " + id));
            r.bundles().forEach(id -> System.out.println("Removed bundle: " + id));
            r.network().detached().forEach(id -> System.out.println("Detached: " + id));
            r.network().releasedAddresses().forEach(a -> System.out.println("Released address: " + a));
            r.network().ruleOwnersCleaned().forEach(id -> System.out.println("Removed rules of: " + id));
            if (r.network().bridgeRemoved()) {
                System.out.println("Removed bridge: " + e.config().network().bridge());
            }
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
        // VMs whose start was killed: only where libvirt answers (no libvirtd, no drydock VM to prune).
        java.util.List<String> vmsRemoved = java.util.List.of();
        try (VmPlatform vms = VmCommand.platform()) {
            vmsRemoved = vms.prune();
            vmsRemoved.forEach(name -> System.out.println("Removed half-started VM: " + name));
        } catch (PlatformException e) {
            spec.commandLine().getErr().println("drydock prune: VMs not checked: " + e.getMessage());
        }
        if (vmsRemoved.isEmpty()) {
            return 0;
        }
        try (Engine e = engine.open()) {
            // A pruned VM's attachment is gone now: the bridge goes too if nothing else uses it.
            e.pruneNetwork();
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }
}
