package io.drydock.runtime.security;

import java.util.Arrays;
import java.util.Optional;

/** The comparison operators for seccomp argument filters, as libseccomp spells them. */
public enum SeccompOperator {
    SCMP_CMP_NE,
    SCMP_CMP_LT,
    SCMP_CMP_LE,
    SCMP_CMP_EQ,
    SCMP_CMP_GE,
    SCMP_CMP_GT,
    SCMP_CMP_MASKED_EQ;

    /** Looks an operator up by its exact name. */
    public static Optional<SeccompOperator> byName(String name) {
        return Arrays.stream(values()).filter(o -> o.name().equals(name)).findFirst();
    }
}
