package io.drydock.runtime.cli;

import io.drydock.runtime.cli.CommandSyntax.Positional;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runc-compatible command: {@code drydock-runc} (and {@code drydock oci}) takes runc's global
 * flags and subcommands so that containerd or a script written for runc can use it unchanged.
 *
 * <p>Exit codes: the subcommand's (for {@code run} and {@code exec}, the process's), 1 when the
 * operation failed, 2 for a command line that does not parse.
 */
public final class RuncCommand {
    private RuncCommand() {}

    /** Exit code of a command line that does not parse. */
    static final int USAGE = 2;
    /** Exit code of an operation that failed. */
    static final int FAILED = 1;

    static final String DESCRIPTION = "Run OCI bundles with drydock's runtime; arguments as runc takes them.";

    /** The top level: global flags, then the subcommand and its arguments. */
    static final CommandSyntax GLOBAL = new CommandSyntax("", DESCRIPTION, GlobalOptions.FLAGS,
        List.of(Positional.rest("COMMAND", null)), true);

    /** The subcommands' names, in help order. */
    static final List<String> SUBCOMMANDS = List.of("create", "start", "state", "kill", "delete", "run", "exec", "ps",
        "list", "spec", "features");

    /** The subcommand called {@code name}, or null. Only the one named is loaded. */
    static RuncSubcommand subcommand(String name) {
        return switch (name) {
            case "create" -> new CreateCommand();
            case "start" -> new StartCommand();
            case "state" -> new StateCommand();
            case "kill" -> new KillCommand();
            case "delete" -> new DeleteCommand();
            case "run" -> new RunCommand();
            case "exec" -> new ExecCommand();
            case "ps" -> new PsCommand();
            case "list" -> new ListCommand();
            case "spec" -> new SpecCommand();
            case "features" -> new FeaturesCommand();
            default -> null;
        };
    }

    /** Entry point of the {@code drydock-runc} executable. */
    public static void main(String[] args) {
        // This JVM is one command: while run or exec waits in the foreground, its signals go to the container's process.
        io.drydock.runtime.container.ContainerRuntime.relaySignalsWhileWaiting();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int rc = execute("drydock-runc", args, out, err);
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /**
     * Runs one runc command line and returns its exit code. Errors are reported runc's way: one
     * line on {@code err} (the stack trace with {@code --debug}), and the same line appended to the
     * {@code --log} file in text or json.
     *
     * @param name how the command is called, for help and errors ({@code drydock-runc}, {@code drydock oci})
     */
    public static int execute(String name, String[] args, PrintWriter out, PrintWriter err) {
        return execute(name, args, out, err, RuncHost.local());
    }

    /**
     * Runs one runc command line for a caller described by {@code host} (the daemon serving
     * drydock-runc's front end): relative paths resolve against its directory, DRYDOCK_DEBUG is
     * read from its environment, created processes get its fds.
     */
    public static int execute(String name, String[] args, PrintWriter out, PrintWriter err, RuncHost host) {
        GlobalOptions global = null;
        try {
            ParsedArgs top = GLOBAL.parse(Arrays.asList(args), name).relativeTo(host.cwd());
            if (top.help()) {
                printUsage(out, name);
                return 0;
            }
            global = GlobalOptions.from(top, host.debugRequested());
            if (top.isSet("version")) {
                for (String line : version()) {
                    out.println(line);
                }
                return 0;
            }
            if (top.positionals().isEmpty()) {
                printUsage(out, name);
                return 0;
            }
            String command = top.positional(0);
            List<String> rest = top.positionalsFrom(1);
            if (command.equals("help")) {
                return help(name, rest, out);
            }
            RuncSubcommand sub = subcommand(command);
            if (sub == null) {
                throw new UsageException(name, "unknown command '" + command + "'");
            }
            String path = name + " " + command;
            ParsedArgs parsed = sub.syntax().parse(rest, path).relativeTo(host.cwd());
            if (parsed.help()) {
                sub.syntax().printUsage(out, path);
                return 0;
            }
            return sub.run(new RuncSubcommand.Invocation(global, parsed, out, host));
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.println("Run '" + e.command() + " --help' for usage.");
            writeLog(global, e.getMessage(), err);
            return USAGE;
        } catch (Exception e) {
            String msg = describe(e);
            if ((global != null && global.debug()) || host.debugRequested()) {
                e.printStackTrace(err);
            } else {
                err.println(name + ": " + msg);
            }
            writeLog(global, msg, err);
            return FAILED;
        }
    }

    private static int help(String name, List<String> topics, PrintWriter out) throws UsageException {
        if (topics.isEmpty()) {
            printUsage(out, name);
            return 0;
        }
        RuncSubcommand sub = subcommand(topics.get(0));
        if (sub == null) {
            throw new UsageException(name, "unknown command '" + topics.get(0) + "'");
        }
        sub.syntax().printUsage(out, name + " " + topics.get(0));
        return 0;
    }

    static void printUsage(PrintWriter out, String name) {
        out.println("Usage: " + name + " [GLOBAL-OPTIONS] COMMAND [ARGS...]");
        out.println(DESCRIPTION);
        out.println();
        out.println("Global options:");
        CommandSyntax.printFlags(out, GlobalOptions.FLAGS);
        out.println();
        out.println("Commands:");
        List<String[]> rows = new ArrayList<>();
        for (String s : SUBCOMMANDS) {
            rows.add(new String[] {s, subcommand(s).syntax().description()});
        }
        rows.add(new String[] {"help", "Show the help of a command."});
        CommandSyntax.printRows(out, rows);
        out.println();
        out.println("Run '" + name + " COMMAND --help' for a command's options.");
    }

    static List<String> version() {
        String v = RuncCommand.class.getPackage().getImplementationVersion();
        return List.of("drydock-runc version " + (v == null ? "0.1.0-dev" : v), "spec: 1.2.0", "java: " + Runtime.version());
    }

    /**
     * One line for a person: drydock's own exceptions already name the operation, object and
     * cause, so the first message found is used; library causes (Jackson, JNA) stay for --debug.
     */
    public static String describeForUser(Throwable ex) {
        return describe(ex);
    }

    static String describe(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().lines().findFirst().orElse("").strip();
            }
        }
        return ex.getClass().getSimpleName();
    }

    /** containerd reads runc's --log file for the reason of a failure; write it the same way. */
    private static void writeLog(GlobalOptions g, String msg, PrintWriter err) {
        if (g == null || g.log() == null) {
            return;
        }
        String line = g.logFormat() == GlobalOptions.LogFormat.json
            ? "{\"level\":\"error\",\"msg\":" + jsonString(msg) + ",\"time\":\"" + Instant.now() + "\"}\n"
            : "time=\"" + Instant.now() + "\" level=error msg=" + jsonString(msg) + "\n";
        try {
            Files.writeString(g.log(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            err.println("drydock-runc: cannot write log " + g.log() + ": " + e.getMessage());
        }
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static void printTable(PrintWriter out, String[] header, List<String[]> rows) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder fmt = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            fmt.append("%-").append(w[i] + 3).append('s');
        }
        out.println(String.format(fmt.toString(), (Object[]) header).stripTrailing());
        for (String[] r : rows) {
            out.println(String.format(fmt.toString(), (Object[]) Arrays.copyOf(r, header.length)).stripTrailing());
        }
        out.flush();
    }
}
