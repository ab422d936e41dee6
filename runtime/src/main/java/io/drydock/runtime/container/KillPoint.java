package io.drydock.runtime.container;

import io.drydock.runtime.sys.Syscalls;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A test hook for fault injection: when the environment variable {@value #ENV} (or the system
 * property {@value #PROPERTY}) names a phase, the process SIGKILLs itself on reaching it, so that a
 * test can prove what a drydock killed at exactly that point leaves behind and that
 * {@code drydock prune} recovers from it, with no sleep race. Unset (always, outside tests), each
 * check is one map lookup.
 *
 * <p>Phases of a container's create, in order: {@link #RECORD} (the engine's record is written),
 * {@link #RUNTIME_RECORD} (the runtime's state record), {@link #CGROUP} (the cgroup exists and the
 * shim's first stage is in it), {@link #SHIM} (the init is cloned, its pid known),
 * {@link #NETWORK} (the network is attached); and of a VM's start, {@link #VM_DEFINED} (the domain
 * is defined and started, the VM's record not yet complete).
 */
public final class KillPoint {
    /** The environment variable naming the phases (comma-separated) at which to die. */
    public static final String ENV = "DRYDOCK_KILL_AT";
    /** The system property doing the same, for in-process use. */
    public static final String PROPERTY = "drydock.killAt";

    public static final String RECORD = "record";
    public static final String RUNTIME_RECORD = "runtime-record";
    public static final String CGROUP = "cgroup";
    public static final String SHIM = "shim";
    public static final String NETWORK = "network";
    public static final String VM_DEFINED = "vm-defined";

    /** Every phase, in the order a create reaches them. */
    public static final java.util.List<String> PHASES = java.util.List.of(RECORD, RUNTIME_RECORD, CGROUP, SHIM, NETWORK,
        VM_DEFINED);

    private KillPoint() {
    }

    /** SIGKILLs this process if {@code phase} is one the hook names. */
    public static void reach(Syscalls sys, String phase) {
        if (armed().contains(phase)) {
            sys.kill(sys.getpid(), Syscalls.SIGKILL);
        }
    }

    /** As {@link #reach(Syscalls, String)}, for callers without a {@link Syscalls} of their own. */
    public static void reach(String phase) {
        if (armed().contains(phase)) {
            reach(new io.drydock.runtime.sys.linux.LinuxSyscalls(), phase);
        }
    }

    /** The phases named in the environment or the system property. */
    static Set<String> armed() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV);
        }
        if (v == null || v.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
