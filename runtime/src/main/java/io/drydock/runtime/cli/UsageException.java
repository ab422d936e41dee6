package io.drydock.runtime.cli;

/**
 * A command line that does not parse: an unknown flag or command, a missing or malformed value.
 * Reported as one line naming the argument, with exit code 2 (as for any usage error).
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The command whose syntax was broken, e.g. {@code drydock-runc run}. */
    private final String command;

    UsageException(String command, String message) {
        super(message);
        this.command = command;
    }

    String command() {
        return command;
    }
}
