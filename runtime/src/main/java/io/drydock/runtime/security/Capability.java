package io.drydock.runtime.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Linux capabilities with their kernel numbers (capabilities(7),
 * {@code include/uapi/linux/capability.h}), as named in an OCI {@code config.json}.
 */
public enum Capability {
    CAP_CHOWN(0),
    CAP_DAC_OVERRIDE(1),
    CAP_DAC_READ_SEARCH(2),
    CAP_FOWNER(3),
    CAP_FSETID(4),
    CAP_KILL(5),
    CAP_SETGID(6),
    CAP_SETUID(7),
    CAP_SETPCAP(8),
    CAP_LINUX_IMMUTABLE(9),
    CAP_NET_BIND_SERVICE(10),
    CAP_NET_BROADCAST(11),
    CAP_NET_ADMIN(12),
    CAP_NET_RAW(13),
    CAP_IPC_LOCK(14),
    CAP_IPC_OWNER(15),
    CAP_SYS_MODULE(16),
    CAP_SYS_RAWIO(17),
    CAP_SYS_CHROOT(18),
    CAP_SYS_PTRACE(19),
    CAP_SYS_PACCT(20),
    CAP_SYS_ADMIN(21),
    CAP_SYS_BOOT(22),
    CAP_SYS_NICE(23),
    CAP_SYS_RESOURCE(24),
    CAP_SYS_TIME(25),
    CAP_SYS_TTY_CONFIG(26),
    CAP_MKNOD(27),
    CAP_LEASE(28),
    CAP_AUDIT_WRITE(29),
    CAP_AUDIT_CONTROL(30),
    CAP_SETFCAP(31),
    CAP_MAC_OVERRIDE(32),
    CAP_MAC_ADMIN(33),
    CAP_SYSLOG(34),
    CAP_WAKE_ALARM(35),
    CAP_BLOCK_SUSPEND(36),
    CAP_AUDIT_READ(37),
    CAP_PERFMON(38),
    CAP_BPF(39),
    CAP_CHECKPOINT_RESTORE(40);

    private static final Map<String, Capability> BY_NAME = new HashMap<>();

    static {
        for (Capability c : values()) {
            BY_NAME.put(c.name(), c);
        }
    }

    private final int number;

    Capability(int number) {
        this.number = number;
    }

    /** The kernel's capability number (the bit index in a capability set). */
    public int number() {
        return number;
    }

    /** This capability's bit in a 64-bit capability set. */
    public long bit() {
        return 1L << number;
    }

    /** The highest capability number this enum knows (CAP_LAST_CAP of the kernel headers it follows). */
    public static int lastNumber() {
        return CAP_CHECKPOINT_RESTORE.number;
    }

    /**
     * Looks a capability up by its exact OCI name, e.g. {@code "CAP_SYS_ADMIN"}.
     * The name is case-sensitive and must carry the {@code CAP_} prefix, as the runtime-spec requires.
     */
    public static Optional<Capability> byName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /**
     * Turns a list of capability names into a 64-bit set, bit {@code n} for capability number {@code n}
     * (the layout of {@code capset(2)}'s two 32-bit words, low word first).
     *
     * @throws IllegalArgumentException naming the first unknown capability
     */
    public static long mask(Collection<String> names) {
        long mask = 0;
        for (String name : names) {
            Capability c = byName(name).orElseThrow(
                () -> new IllegalArgumentException("unknown capability '" + name + "'"));
            mask |= c.bit();
        }
        return mask;
    }
}
