package io.drydock.runtime.network;

/** A {@code -p} value that is not {@code [hostIP:]hostPort:containerPort[/tcp|udp]} or {@code containerPort}. */
public final class InvalidPortMappingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String value;

    public InvalidPortMappingException(String value, String reason) {
        super("invalid port mapping '" + value + "': " + reason);
        this.value = value;
    }

    /** The value as the user gave it. */
    public String value() {
        return value;
    }
}
