package io.drydock.runtime.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * runc's global flags, accepted before the subcommand as containerd passes them.
 *
 * @param root directory for container state
 * @param log file that errors are appended to (null: stderr only)
 * @param logFormat format of the lines in {@code log}
 * @param debug stack traces instead of one-line errors
 */
public record GlobalOptions(Path root, Path log, LogFormat logFormat, boolean debug) {
    /** Where container state lives unless {@code --root} says otherwise. */
    public static final String DEFAULT_ROOT = "/run/drydock";

    /** The format of the {@code --log} file, as runc writes it. */
    public enum LogFormat { text, json }

    public GlobalOptions {
        if (root == null || logFormat == null) {
            throw new IllegalArgumentException("global options need a root and a log format");
        }
    }

    /** The global flags, as the top-level syntax declares them. */
    static final List<Flag> FLAGS = List.of(
        Flag.value("PATH", "Root directory for container state (default: " + DEFAULT_ROOT + ").", "--root"),
        Flag.value("PATH", "Append errors to this file as well as to stderr.", "--log"),
        Flag.value("FORMAT", "Format of the --log file: text or json (default: text).", "--log-format"),
        Flag.bool("Debug output: stack traces instead of one-line errors.", "--debug"),
        Flag.bool("Accepted for runc compatibility; drydock manages cgroupfs directly.", "--systemd-cgroup").hide(),
        new Flag(List.of("--rootless"), Flag.Arity.OPTIONAL, "auto|true|false", "Accepted for runc compatibility.", true),
        Flag.value("PATH", "Accepted for runc compatibility; checkpointing is not supported.", "--criu").hide(),
        Flag.bool("Print the version and exit.", "--version", "-v", "-V"));

    /** The global options from the parsed top-level command line. */
    static GlobalOptions from(ParsedArgs args) throws UsageException {
        return from(args, System.getenv("DRYDOCK_DEBUG") != null);
    }

    /** @param debugRequested whether the caller's environment has DRYDOCK_DEBUG */
    static GlobalOptions from(ParsedArgs args, boolean debugRequested) throws UsageException {
        String format = args.value("log-format", "text");
        LogFormat logFormat = switch (format) {
            case "text" -> LogFormat.text;
            case "json" -> LogFormat.json;
            default -> throw new UsageException(args.command(), "--log-format must be text or json, got '" + format + "'");
        };
        return new GlobalOptions(args.path("root", DEFAULT_ROOT), args.path("log"), logFormat,
            args.isSet("debug") || debugRequested);
    }
}
