package io.drydock.cli;

import io.drydock.results.plan.CapacityPlanner;
import io.drydock.results.plan.HostCapacity;
import io.drydock.results.report.ReportInputException;
import io.drydock.results.report.RunSet;
import io.drydock.results.schema.ResultFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drydock plan}: how many instances of each platform fit on a host, and what binds first. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "From measured per-instance footprints and start-up times: how many instances of each"
                + " platform fit on a host of the given size, which resource binds first, and how long starting"
                + " them all takes, with every assumption printed.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:plan printed", "2:usage error",
            "4:bad input: unreadable or malformed file, or no memory footprint measured"})
public final class PlanCommand implements Callable<Integer> {

    @Option(names = "--host-cpus", required = true, paramLabel = "N", description = "Logical CPUs of the host.")
    int cpus;

    @Option(names = "--host-memory", required = true, paramLabel = "SIZE",
            converter = CommonOptions.ByteSizeConverter.class, description = "Memory of the host, e.g. 64g.")
    long memory;

    @Option(names = "--host-disk", required = true, paramLabel = "SIZE",
            converter = CommonOptions.ByteSizeConverter.class, description = "Disk for instances, e.g. 500g.")
    long disk;

    @Option(names = "--headroom", paramLabel = "PCT", defaultValue = "20%",
            converter = CommonOptions.FractionConverter.class,
            description = "Share of every resource kept free (default: ${DEFAULT-VALUE}).")
    double headroom;

    @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "Result files with footprint figures.")
    List<Path> results;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        HostCapacity host;
        try {
            host = new HostCapacity(cpus, memory, disk, headroom);
        } catch (IllegalArgumentException e) {
            return common.fail(cmd, e, CommonOptions.EXIT_USAGE);
        }
        try {
            CapacityPlanner.CapacityPlan plan = new CapacityPlanner().plan(RunSet.read(results), host);
            cmd.getOut().print(plan.toText());
            cmd.getOut().flush();
            return 0;
        } catch (ResultFormatException | ReportInputException | IOException e) {
            return common.fail(cmd, e, CommonOptions.EXIT_BAD_INPUT);
        }
    }
}
