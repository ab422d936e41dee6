package io.drydock.runtime.security;

import java.util.Arrays;
import java.util.Optional;

/** The {@code seccomp(2)} filter flags an OCI {@code config.json} may name, with their kernel values. */
public enum SeccompFlag {
    SECCOMP_FILTER_FLAG_TSYNC(1L),
    SECCOMP_FILTER_FLAG_LOG(1L << 1),
    SECCOMP_FILTER_FLAG_SPEC_ALLOW(1L << 2),
    SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV(1L << 5);

    private final long value;

    SeccompFlag(long value) {
        this.value = value;
    }

    /** The flag's value for {@code seccomp(SECCOMP_SET_MODE_FILTER, flags, ...)}. */
    public long value() {
        return value;
    }

    /** Looks a flag up by its exact name. */
    public static Optional<SeccompFlag> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst();
    }
}
