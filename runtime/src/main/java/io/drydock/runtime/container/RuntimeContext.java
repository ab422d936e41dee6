package io.drydock.runtime.container;

import io.drydock.runtime.cgroup.CgroupManager;
import io.drydock.runtime.cgroup.CgroupPath;
import io.drydock.runtime.process.ShimLauncher;
import io.drydock.runtime.spec.ContainerId;
import io.drydock.runtime.spec.SpecException;
import io.drydock.runtime.spec.SpecJson;
import io.drydock.runtime.spec.State;
import io.drydock.runtime.sys.Syscalls;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every lifecycle verb works with: the state store, the host's syscalls and cgroups, procfs,
 * the plan resolver, the shim launcher and the hook runner.
 */
record RuntimeContext(
        StateStore store,
        Syscalls sys,
        CgroupManager cgroups,
        Path proc,
        io.drydock.runtime.cgroup.CgroupLayout layout,
        InitPlanResolver resolver,
        ShimLauncher launcher,
        HookRunner hooks,
        SpecCache specs) {

    RuntimeContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(sys, "sys");
        Objects.requireNonNull(cgroups, "cgroups");
        Objects.requireNonNull(proc, "proc");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(specs, "specs");
    }

    ContainerRecord load(String id) throws ContainerException {
        return store.load(validId(id));
    }

    ContainerStatus status(ContainerRecord r) {
        return ContainerStatus.of(r, proc, java.nio.file.Files.exists(store.execFifo(r.id())));
    }

    CgroupPath cgroupPath(ContainerRecord r) {
        return CgroupPath.of(r.cgroupPath());
    }

    /** The OCI state JSON of a recorded container, with its status as it is now. */
    String stateJson(ContainerRecord r) {
        return stateJson(r, State.Status.fromJson(status(r).ociName()));
    }

    /**
     * The OCI state JSON of a recorded container with the status a hook must see, which may
     * differ from what the record says at that moment: the startContainer hooks' state is
     * "created" although the shim receives it during create.
     */
    String stateJson(ContainerRecord r, State.Status status) {
        Integer pid = (status == State.Status.STOPPED || r.init() == null) ? null : r.init().pid();
        State state = State.of(ContainerId.of(r.id()), status, pid, r.bundle().toString(), r.annotations());
        return SpecJson.write(state);
    }

    /** The spec saved at create time (the bundle may have changed or gone since). */
    io.drydock.runtime.spec.Spec savedSpec(ContainerRecord r) throws ContainerException {
        var known = specs.forContainer(r.id(), r.created());
        if (known.isPresent()) {
            return known.get();
        }
        try {
            return SpecJson.readConfig(store.savedConfig(r.id()));
        } catch (SpecException e) {
            throw new ContainerException(r.id(), null, e.getMessage(), e);
        }
    }

    static String validId(String id) throws ContainerException {
        var problem = ContainerId.problem(id);
        if (problem.isPresent()) {
            throw new ContainerException(null, null, "container id '" + id + "': " + problem.get());
        }
        return id;
    }
}
