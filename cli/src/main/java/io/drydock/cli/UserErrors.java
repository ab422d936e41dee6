package io.drydock.cli;

import java.util.Arrays;
import picocli.CommandLine;

/**
 * How failures reach a person: one line naming what went wrong, and the stack trace only when
 * {@code --debug} is on the command line (or DRYDOCK_DEBUG is set).
 */
public final class UserErrors {
    private UserErrors() {}

    /** Exit code for a failed command (bad input or an operation that could not be done). */
    public static final int FAILED = 1;

    public static void install(CommandLine cl) {
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = System.getenv("DRYDOCK_DEBUG") != null
                || Arrays.asList(parseResult.originalArgs().toArray(new String[0])).contains("--debug");
            if (debug) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println(commandLine.getCommandName() + ": " + describe(ex));
            }
            return FAILED;
        });
    }

    /** The first message in the cause chain, first line only (causes stay for --debug). */
    static String describe(Throwable ex) {
        return io.drydock.runtime.cli.RuncCommand.describeForUser(ex);
    }
}
