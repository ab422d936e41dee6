package io.drydock.conformance;

import java.util.List;

/**
 * What one runtime command did.
 *
 * @param command the command line
 * @param exit    its exit status
 * @param stdout  what it (and a container holding its stdout) wrote
 * @param stderr  its error output
 */
public record CommandResult(List<String> command, int exit, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
    }

    /** True for exit status 0. */
    public boolean ok() {
        return exit == 0;
    }

    /** The command, its exit status and its output, for a failure message. */
    public String describe() {
        return "'" + String.join(" ", command) + "' exited " + exit
            + (stdout.isBlank() ? "" : "; stdout: " + stdout.strip())
            + (stderr.isBlank() ? "" : "; stderr: " + stderr.strip());
    }
}
