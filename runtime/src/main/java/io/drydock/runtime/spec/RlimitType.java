package io.drydock.runtime.spec;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code RLIMIT_*} resources of {@code setrlimit(2)} with their numbers from
 * {@code include/uapi/asm-generic/resource.h} (x86, arm, arm64, riscv, s390, ppc; mips, sparc and
 * alpha number some differently and are not targets of drydock).
 */
public enum RlimitType {
    RLIMIT_CPU(0),
    RLIMIT_FSIZE(1),
    RLIMIT_DATA(2),
    RLIMIT_STACK(3),
    RLIMIT_CORE(4),
    RLIMIT_RSS(5),
    RLIMIT_NPROC(6),
    RLIMIT_NOFILE(7),
    RLIMIT_MEMLOCK(8),
    RLIMIT_AS(9),
    RLIMIT_LOCKS(10),
    RLIMIT_SIGPENDING(11),
    RLIMIT_MSGQUEUE(12),
    RLIMIT_NICE(13),
    RLIMIT_RTPRIO(14),
    RLIMIT_RTTIME(15);

    private final int resource;

    RlimitType(int resource) {
        this.resource = resource;
    }

    /** The {@code resource} argument of {@code setrlimit(2)}/{@code prlimit(2)}. */
    public int resource() {
        return resource;
    }

    /** Looks a type up by its exact name, e.g. {@code "RLIMIT_NOFILE"}. */
    public static Optional<RlimitType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }
}
