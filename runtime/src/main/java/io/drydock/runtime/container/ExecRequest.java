package io.drydock.runtime.container;

import io.drydock.runtime.process.Stdio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run another process in a running container: either an OCI process.json, or a command
 * with overrides of the container's own process settings (runc exec's flags).
 */
public record ExecRequest(
        Path processFile,
        List<String> args,
        String cwd,
        List<String> env,
        String user,
        List<Integer> additionalGids,
        boolean tty,
        Path consoleSocket,
        List<String> addCapabilities,
        boolean noNewPrivileges,
        boolean detach,
        Path pidFile,
        int preserveFds,
        Stdio stdio) {

    public ExecRequest {
        args = List.copyOf(args);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
        addCapabilities = List.copyOf(addCapabilities);
        if (processFile == null && args.isEmpty()) {
            throw new IllegalArgumentException("exec needs args or a process file");
        }
        if (preserveFds < 0) {
            throw new IllegalArgumentException("preserveFds must be >= 0, got " + preserveFds);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with runc's defaults: no overrides, wait for the process, caller's stdio. */
    public static final class Builder {
        private Path processFile;
        private List<String> args = new ArrayList<>();
        private String cwd;
        private List<String> env = new ArrayList<>();
        private String user;
        private List<Integer> additionalGids = new ArrayList<>();
        private boolean tty;
        private Path consoleSocket;
        private List<String> addCapabilities = new ArrayList<>();
        private boolean noNewPrivileges;
        private boolean detach;
        private Path pidFile;
        private int preserveFds;
        private Stdio stdio = Stdio.of(0, 1, 2);

        public Builder processFile(Path p) { this.processFile = p; return this; }
        public Builder args(List<String> a) { this.args = new ArrayList<>(a); return this; }
        public Builder cwd(String c) { this.cwd = c; return this; }
        public Builder env(List<String> e) { this.env = new ArrayList<>(e); return this; }
        public Builder user(String u) { this.user = u; return this; }
        public Builder additionalGids(List<Integer> g) { this.additionalGids = new ArrayList<>(g); return this; }
        public Builder tty(boolean t) { this.tty = t; return this; }
        public Builder consoleSocket(Path p) { this.consoleSocket = p; return this; }
        public Builder addCapabilities(List<String> c) { this.addCapabilities = new ArrayList<>(c); return this; }
        public Builder noNewPrivileges(boolean n) { this.noNewPrivileges = n; return this; }
        public Builder detach(boolean d) { this.detach = d; return this; }
        public Builder pidFile(Path p) { this.pidFile = p; return this; }
        public Builder preserveFds(int n) { this.preserveFds = n; return this; }
        public Builder stdio(Stdio s) { this.stdio = s; return this; }

        public ExecRequest build() {
            return new ExecRequest(processFile, args, cwd, env, user, additionalGids, tty, consoleSocket,
                addCapabilities, noNewPrivileges, detach, pidFile, preserveFds, stdio);
        }
    }
}
