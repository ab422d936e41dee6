package io.drydock.cli;

import io.drydock.runtime.cli.RuncCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code drydock oci ...}: the runc-compatible command ({@code drydock-runc}) inside drydock. Every
 * argument after {@code oci}, flags included, is handed unparsed to {@link RuncCommand}, which has
 * runc's own syntax, help and error log.
 */
@Command(name = "oci", description = "The runc-compatible runtime command (as drydock-runc); see 'drydock oci --help'.")
final class OciCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ARGS", description = "runc's global flags, a command and its arguments.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return RuncCommand.execute("drydock oci", args.toArray(new String[0]), spec.commandLine().getOut(),
            spec.commandLine().getErr());
    }
}
