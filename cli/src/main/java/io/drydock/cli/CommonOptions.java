package io.drydock.cli;

import io.drydock.results.plan.ByteSize;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Options every results command shares, and how those commands report a failure: one line for the
 * user, the stack trace only with {@code --debug}.
 */
public final class CommonOptions {
    /** Exit status: the input could not be used (unreadable or malformed file, different hosts, missing figure). */
    public static final int EXIT_BAD_INPUT = 4;
    /** Exit status: a usage error (picocli's own). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    @Option(names = "--debug", description = "Print the stack trace of an error.")
    boolean debug;

    /** Prints "drydock COMMAND: message" (and with --debug the stack trace) and returns {@code status}. */
    int fail(CommandLine cmd, Exception e, int status) {
        PrintWriter err = cmd.getErr();
        String message = e instanceof NoSuchFileException n ? "no such file: " + n.getFile() : e.getMessage();
        err.println("drydock " + cmd.getCommandName() + ": " + message);
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /** Converts "20%" or "0.2" to 0.2. */
    public static final class FractionConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return ByteSize.parseFraction(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Converts "64g", "500G", "512m" to bytes. */
    public static final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ByteSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
