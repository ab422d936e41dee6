package io.drydock.runtime.network;

import java.util.Locale;

/** How an instance is networked, as {@code drydock run --network} names it. */
public enum NetworkMode {
    /** Share the host's network namespace: no address of its own, no port mapping. */
    HOST,
    /** A new network namespace with only {@code lo}. */
    NONE,
    /** A new network namespace with an address on drydock's bridge; ports mapped with DNAT. */
    BRIDGE;

    /** Whether {@code -p} mappings make sense in this mode. */
    public boolean supportsPortMapping() {
        return this == BRIDGE;
    }

    /** Whether the instance gets its own network namespace. */
    public boolean hasOwnNamespace() {
        return this != HOST;
    }

    /**
     * Parses {@code host}, {@code none} or {@code bridge} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value when it is none of them
     */
    public static NetworkMode parse(String value) {
        if (value != null) {
            for (NetworkMode mode : values()) {
                if (mode.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("invalid network mode '" + value + "': expected host, none or bridge");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
