package io.drydock.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One execution of a command with its exit status and captured output. */
record CommandRun(int exit, String out, String err) {
    static CommandRun of(Object command, String... args) {
        return of(new CommandLine(command), args);
    }

    /** The whole {@code drydock} command, as its main builds it. */
    static CommandRun drydock(String... args) {
        return of(Drydock.commandLine(), args);
    }

    private static CommandRun of(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }
}
