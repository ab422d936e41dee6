package io.drydock.conformance;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A runtime binary with runc's command line, run as {@code BIN --root STATE ARGS...}. */
final class BinaryDriver implements RuntimeDriver {
    private final List<String> command;
    private final Path stateRoot;

    BinaryDriver(List<String> command, Path stateRoot) {
        this.command = List.copyOf(command);
        this.stateRoot = stateRoot;
    }

    @Override
    public List<String> commandLine(List<String> args) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add("--root");
        cmd.add(stateRoot.toString());
        cmd.addAll(args);
        return cmd;
    }

    @Override
    public int call(List<String> args, Path out, Path err) throws IOException {
        List<String> cmd = commandLine(args);
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectOutput(out.toFile())
            .redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(Harness.COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("'" + String.join(" ", cmd) + "' did not end within "
                    + Harness.COMMAND_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", cmd), e);
        }
        return p.exitValue();
    }

    @Override
    public void close() {
        // Nothing held between commands.
    }
}
