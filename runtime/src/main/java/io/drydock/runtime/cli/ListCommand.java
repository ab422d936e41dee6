package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.ContainerSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code list}: the containers under the root. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List containers.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    RuncCommand parent;

    @Option(names = {"-f", "--format"}, description = "table or json (default: ${DEFAULT-VALUE}).", defaultValue = "table")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Print only the ids.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        List<ContainerSummary> all;
        try (ContainerRuntime rt = ContainerRuntime.open(parent.global().root())) {
            all = rt.list();
        }
        PrintWriter out = new PrintWriter(System.out, true);
        if (quiet) {
            all.forEach(c -> out.println(c.id()));
            return 0;
        }
        switch (format) {
            case "json" -> out.println(ContainerSummary.toJson(all));
            case "table" -> {
                List<String[]> rows = new ArrayList<>();
                for (ContainerSummary c : all) {
                    rows.add(new String[] {c.id(), String.valueOf(c.pid()), c.status(), c.bundle(), c.created(), "root"});
                }
                RuncCommand.printTable(out, new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"}, rows);
            }
            default -> throw new IllegalArgumentException("--format must be table or json, got " + format);
        }
        return 0;
    }
}
