package io.drydock.runtime.network;

/** A host port asked for in a {@link PortMapping} is taken, or its host address is not local. */
public final class PortUnavailableException extends NetworkException {
    private static final long serialVersionUID = 1L;

    private final transient PortMapping mapping;

    public PortUnavailableException(PortMapping mapping, String reason, Throwable cause) {
        super("host port " + mapping.hostEndpoint() + " for -p " + mapping + " is not available: " + reason, cause);
        this.mapping = mapping;
    }

    /** The mapping whose host port is taken. */
    public PortMapping mapping() {
        return mapping;
    }
}
