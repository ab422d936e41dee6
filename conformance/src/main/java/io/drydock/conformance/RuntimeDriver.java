package io.drydock.conformance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the harness gives a runtime one command of runc's command line: a binary in a child process,
 * or drydock's Java API in this JVM. Either way the command's (and a container's) output goes to
 * two files and the result is an exit status.
 */
interface RuntimeDriver extends AutoCloseable {
    /** Runs {@code args} (after runc's global flags) with output to {@code out} and {@code err}; the exit status. */
    int call(List<String> args, Path out, Path err) throws IOException;

    /** The command line a person would type for {@code args}, for messages. */
    List<String> commandLine(List<String> args);

    @Override
    void close();
}
