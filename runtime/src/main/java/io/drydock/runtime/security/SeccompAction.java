package io.drydock.runtime.security;

import java.util.Arrays;
import java.util.Optional;

/** The seccomp actions an OCI {@code config.json} may name, as libseccomp spells them ({@code seccomp.h}). */
public enum SeccompAction {
    SCMP_ACT_KILL,
    SCMP_ACT_KILL_PROCESS,
    SCMP_ACT_KILL_THREAD,
    SCMP_ACT_TRAP,
    SCMP_ACT_ERRNO,
    SCMP_ACT_TRACE,
    SCMP_ACT_ALLOW,
    SCMP_ACT_LOG,
    SCMP_ACT_NOTIFY;

    /** Whether the action carries an errno (for {@code errnoRet}/{@code defaultErrnoRet}). */
    public boolean takesErrno() {
        return this == SCMP_ACT_ERRNO || this == SCMP_ACT_TRACE;
    }

    /** Looks an action up by its exact name. */
    public static Optional<SeccompAction> byName(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
    }
}
