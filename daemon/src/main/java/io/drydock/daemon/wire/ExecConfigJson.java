package io.drydock.daemon.wire;

import java.util.List;

/** The body of {@code POST /containers/{id}/exec}. */
public record ExecConfigJson(List<String> cmd, Boolean attachStdin, Boolean attachStdout, Boolean attachStderr,
                             Boolean tty, List<String> env, String user, String workingDir, Boolean detach) {
}
