package io.drydock.vm;

/** A VM operation failed; the message names the operation, the VM or file involved, and the cause. */
public class VmException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String operation;

    public VmException(String operation, String message) {
        super(operation + ": " + message);
        this.operation = operation;
    }

    public VmException(String operation, String message, Throwable cause) {
        super(operation + ": " + message, cause);
        this.operation = operation;
    }

    /** What was being done: "define", "start", "build initramfs", "connect"... */
    public String operation() {
        return operation;
    }
}
