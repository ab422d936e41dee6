package io.drydock.runtime.engine;

/**
 * A container engine operation that failed, naming the operation and what it was about (a
 * container, an image, an option).
 */
public class EngineException extends Exception {
    private final String operation;
    private final String subject;

    /** Failure of {@code operation} on {@code subject} because of {@code reason}. */
    public EngineException(String operation, String subject, String reason) {
        super(operation + " " + subject + ": " + reason);
        this.operation = operation;
        this.subject = subject;
    }

    /** As {@link #EngineException(String, String, String)}, with the cause. */
    public EngineException(String operation, String subject, String reason, Throwable cause) {
        super(operation + " " + subject + ": " + reason, cause);
        this.operation = operation;
        this.subject = subject;
    }

    /** What was being done ({@code run}, {@code rm}...). */
    public String operation() {
        return operation;
    }

    /** The container, image or option it was about. */
    public String subject() {
        return subject;
    }
}
