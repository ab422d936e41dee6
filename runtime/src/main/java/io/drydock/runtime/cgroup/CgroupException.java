package io.drydock.runtime.cgroup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A cgroup operation failed. Carries the operation (for example {@code "write memory.max"} or
 * {@code "create"}) and the cgroupfs file or directory it failed on, when there is one.
 */
public class CgroupException extends Exception {
    private final String operation;
    private final Path path;

    public CgroupException(String operation, Path path, String detail) {
        this(operation, path, detail, null);
    }

    public CgroupException(String operation, Path path, String detail, Throwable cause) {
        super(message(operation, path, detail, cause), cause);
        this.operation = operation;
        this.path = path;
    }

    private static String message(String operation, Path path, String detail, Throwable cause) {
        StringBuilder sb = new StringBuilder("cgroup ").append(operation);
        if (path != null) {
            sb.append(' ').append(path);
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(": ").append(detail);
        } else if (cause != null) {
            sb.append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        }
        return sb.toString();
    }

    /** What was being done, e.g. {@code "write"}, {@code "create"}, {@code "destroy"}. */
    public String operation() {
        return operation;
    }

    /** The cgroupfs file or directory the operation failed on, if any. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }
}
