package io.drydock.runtime.container;

/**
 * A lifecycle operation failed. The message names the container, the operation and the object
 * (field, file, path) at fault, so that the CLI can print it as one line.
 */
public class ContainerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String containerId;
    private final String operation;

    public ContainerException(String containerId, String operation, String message) {
        super(format(containerId, operation, message));
        this.containerId = containerId;
        this.operation = operation;
    }

    public ContainerException(String containerId, String operation, String message, Throwable cause) {
        super(format(containerId, operation, message), cause);
        this.containerId = containerId;
        this.operation = operation;
    }

    private static String format(String id, String op, String message) {
        return (op == null ? "" : op + " ") + (id == null ? "" : "container " + id + ": ") + message;
    }

    public String containerId() {
        return containerId;
    }

    public String operation() {
        return operation;
    }
}
