package io.drydock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code drydock} command: container or VM, measured. One class per subcommand.
 */
@Command(
    name = "drydock",
    mixinStandardHelpOptions = true,
    versionProvider = DrydockVersion.class,
    description = "Container or VM? Measure it: a native container runtime, a libvirt VM driver, JMH benchmarks and a conformance suite.",
    subcommands = {
        BenchCommand.class,
        CompareCommand.class,
        ReportCommand.class,
        PlanCommand.class,
        DoctorCommand.class,
        CertifyCommand.class,
        RunCommand.class,
        PsCommand.class,
        LogsCommand.class,
        ExecCommand.class,
        StopCommand.class,
        KillCommand.class,
        RmCommand.class,
        InspectCommand.class,
        ImagesCommand.class,
        TagCommand.class,
        RmiCommand.class,
        SaveCommand.class,
        LoadCommand.class,
        CommitCommand.class,
        DfCommand.class,
        PortCommand.class,
        NetworkCommand.class,
        PruneCommand.class,
        BuildCommand.class,
        PullCommand.class,
        PushCommand.class,
        VmCommand.class,
        DaemonCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Drydock implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with drydock's error handling: one line for users, stack traces with --debug. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Drydock());
        UserErrors.install(cl);
        // `run IMAGE CMD -x` and `exec NAME CMD -x`: options after the image or container belong to CMD.
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.getSubcommands().get("exec").setStopAtPositional(true);
        // `drydock vm run IMAGE CMD...`: everything after IMAGE belongs to CMD, as with docker run.
        cl.getSubcommands().get("vm").getSubcommands().get("run").setStopAtPositional(true);
        // `drydock oci ...` is the runc-compatible command, with runc's own syntax, help and error
        // log: every argument after `oci`, flags and `--` included, is handed to it unparsed.
        cl.addSubcommand("oci", new CommandLine(new OciCommand())
            .setUnmatchedOptionsArePositionalParams(true)
            .setStopAtPositional(true)
            // picocli would swallow a leading `--`; no argument is a NUL, so every `--` passes through.
            .setEndOfOptionsDelimiter("\0"));
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
