package io.drydock.runtime.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** runc's global flags, accepted before the subcommand as containerd passes them. */
public final class GlobalOptions {
    @Option(names = "--root", description = "Root directory for container state (default: ${DEFAULT-VALUE}).", defaultValue = "/run/drydock")
    Path root;

    @Option(names = "--log", description = "Append errors (and with --debug, progress) to this file instead of only stderr.")
    Path log;

    @Option(names = "--log-format", description = "Log format: text or json (default: ${DEFAULT-VALUE}).", defaultValue = "text")
    LogFormat logFormat;

    @Option(names = "--debug", description = "Debug logging and stack traces.")
    boolean debug;

    @Option(names = "--systemd-cgroup", description = "Accepted for runc compatibility; drydock manages cgroupfs directly.", hidden = true)
    boolean systemdCgroup;

    @Option(names = "--rootless", description = "Accepted for runc compatibility (auto|true|false).", hidden = true, arity = "0..1")
    String rootless;

    @Option(names = "--criu", description = "Accepted for runc compatibility; checkpointing is not supported.", hidden = true)
    String criu;

    public enum LogFormat { text, json }

    public Path root() {
        return root;
    }
}
