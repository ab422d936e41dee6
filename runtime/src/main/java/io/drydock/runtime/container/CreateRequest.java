package io.drydock.runtime.container;

import io.drydock.runtime.process.Stdio;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to create a container: its bundle and the caller's plumbing.
 *
 * @param bundle        absolute path of the OCI bundle (config.json + rootfs)
 * @param consoleSocket AF_UNIX socket to receive the pty master when process.terminal is true
 * @param pidFile       where to write the init pid, or null
 * @param preserveFds   extra fds (3..3+n-1) passed into the container
 * @param stdio         the container's stdin/stdout/stderr; null connects all three to /dev/null
 * @param onInit        called with the init's host pid once its namespaces exist and before it sets
 *                      itself up (network attachment goes here, as a CNI runtime does); may be null
 */
public record CreateRequest(Path bundle, Path consoleSocket, Path pidFile, int preserveFds, Stdio stdio, InitCallback onInit) {

    /** Work done for a container between the creation of its namespaces and its set-up. */
    @FunctionalInterface
    public interface InitCallback {
        void accept(int initPid) throws Exception;
    }

    public CreateRequest {
        Objects.requireNonNull(bundle, "bundle");
        if (preserveFds < 0) {
            throw new IllegalArgumentException("preserveFds must be >= 0, got " + preserveFds);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; stdio defaults to the caller's own fds 0, 1, 2. */
    public static final class Builder {
        private Path bundle;
        private Path consoleSocket;
        private Path pidFile;
        private int preserveFds;
        private Stdio stdio = Stdio.of(0, 1, 2);
        private InitCallback onInit;

        public Builder bundle(Path p) {
            this.bundle = p;
            return this;
        }

        public Builder consoleSocket(Path p) {
            this.consoleSocket = p;
            return this;
        }

        public Builder pidFile(Path p) {
            this.pidFile = p;
            return this;
        }

        public Builder preserveFds(int n) {
            this.preserveFds = n;
            return this;
        }

        public Builder stdio(Stdio s) {
            this.stdio = s;
            return this;
        }

        /** Work to do with the init's pid before it sets itself up (e.g. attach its network namespace). */
        public Builder onInit(InitCallback c) {
            this.onInit = c;
            return this;
        }

        /** Connects the container's stdin, stdout and stderr to /dev/null. */
        public Builder discardStdio() {
            this.stdio = null;
            return this;
        }

        public CreateRequest build() {
            return new CreateRequest(bundle, consoleSocket, pidFile, preserveFds, stdio, onInit);
        }
    }
}
