package io.drydock.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The runc-compatible command: {@code drydock-runc} (and {@code drydock oci}) takes runc's global
 * flags and subcommands so that containerd or a script written for runc can use it unchanged.
 */
@Command(
    name = "drydock-runc",
    mixinStandardHelpOptions = true,
    versionProvider = RuncCommand.Version.class,
    description = "Run OCI bundles with drydock's runtime; arguments as runc takes them.",
    subcommands = CommandLine.HelpCommand.class)
public final class RuncCommand implements Runnable {
    /**
     * The subcommands, by name. They are added to the command line lazily: building picocli's model
     * of every subcommand costs a short-lived JVM more than the container operation itself.
     */
    static final java.util.Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, Class<?>> subcommands() {
        java.util.Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        for (Class<?> c : java.util.List.of(CreateCommand.class, StartCommand.class, StateCommand.class, KillCommand.class,
                DeleteCommand.class, RunCommand.class, ExecCommand.class, PsCommand.class, ListCommand.class,
                SpecCommand.class, FeaturesCommand.class)) {
            m.put(c.getAnnotation(Command.class).name(), c);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Global options that take a value in the next argument. */
    private static final java.util.Set<String> VALUED_GLOBALS = java.util.Set.of("--root", "--log", "--log-format", "--criu");

    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    GlobalOptions global() {
        return global;
    }

    /** Builds the command with runc-style error reporting (stderr, and the --log file in text or json). */
    public static CommandLine commandLine(String name) {
        return commandLine(name, null);
    }

    /**
     * Builds the command for these arguments: only the subcommand they name is modelled, or every
     * subcommand when they name none (help, usage, errors).
     */
    public static CommandLine commandLine(String name, String[] args) {
        RuncCommand top = new RuncCommand();
        CommandLine cl = new CommandLine(top).setCommandName(name);
        String wanted = args == null ? null : subcommandName(args);
        for (java.util.Map.Entry<String, Class<?>> e : SUBCOMMANDS.entrySet()) {
            if (wanted == null || wanted.equals(e.getKey())) {
                cl.addSubcommand(e.getKey(), e.getValue());
            }
        }
        // As runc: options come before the container id; everything after it belongs to the
        // process (`exec ID sh -c ...`) or to ps(1) (`ps ID -ef`).
        for (String positionalTail : java.util.List.of("exec", "ps")) {
            CommandLine sub = cl.getSubcommands().get(positionalTail);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            GlobalOptions g = top.global;
            boolean debug = (g != null && g.debug) || System.getenv("DRYDOCK_DEBUG") != null;
            String msg = describe(ex);
            if (debug) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println(name + ": " + msg);
            }
            if (g != null && g.log != null) {
                writeLog(g, msg);
            }
            return 1;
        });
        return cl;
    }

    /** The first argument that is not a global option or its value, if it names a subcommand. */
    static String subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-")) {
                if (VALUED_GLOBALS.contains(a)) {
                    i++;
                }
                continue;
            }
            return SUBCOMMANDS.containsKey(a) ? a : null;
        }
        return null;
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
    private static void writeLog(GlobalOptions g, String msg) {
        String line = g.logFormat == GlobalOptions.LogFormat.json
            ? "{\"level\":\"error\",\"msg\":" + jsonString(msg) + ",\"time\":\"" + Instant.now() + "\"}\n"
            : "time=\"" + Instant.now() + "\" level=error msg=" + jsonString(msg) + "\n";
        try {
            Files.writeString(g.log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("drydock-runc: cannot write log " + g.log + ": " + e.getMessage());
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

    /** Entry point of the {@code drydock-runc} executable. */
    public static void main(String[] args) {
        int rc = commandLine("drydock-runc", args).execute(args);
        System.out.flush();
        System.exit(rc);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RuncCommand.class.getPackage().getImplementationVersion();
            return new String[] {"drydock-runc version " + (v == null ? "0.1.0-dev" : v),
                "spec: 1.2.0", "java: " + Runtime.version()};
        }
    }

    static void printTable(PrintWriter out, String[] header, java.util.List<String[]> rows) {
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
