package io.drydock.runtime.network;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Runs a host program (a CNI plugin, {@code ip}, {@code iptables}) to completion. The seam
 * between this package's decisions and the host: unit tests pass a recording fake.
 */
public interface ProcessRunner {

    /** What a finished program left: its exit status and both output streams. */
    record Output(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs {@code argv} with exactly {@code environment} (nothing inherited), feeds it
     * {@code stdin}, and waits for it.
     *
     * @throws IOException when the program cannot be started, or runs past the runner's time limit
     */
    Output run(List<String> argv, Map<String, String> environment, String stdin) throws IOException;
}
