package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerRuntime;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ps}: the processes of a container (pids in the host's namespace). */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the processes running in a container.")
final class PsCommand implements Callable<Integer> {
    @ParentCommand
    RuncCommand parent;

    @Option(names = {"-f", "--format"}, description = "table or json (default: ${DEFAULT-VALUE}).", defaultValue = "table")
    String format;

    @Parameters(index = "0", paramLabel = "CONTAINER-ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "PS-ARGS", description = "Options passed to ps(1) for the table format.")
    List<String> psArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<Integer> pids;
        try (ContainerRuntime rt = ContainerRuntime.open(parent.global().root())) {
            pids = rt.pids(id);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        switch (format) {
            case "json" -> out.println(pids.toString().replace(" ", ""));
            case "table" -> {
                if (pids.isEmpty()) {
                    return 0;
                }
                List<String> cmd = new ArrayList<>(List.of("ps"));
                cmd.addAll(psArgs.isEmpty() ? List.of("-o", "pid,user,etime,args") : psArgs);
                cmd.add("-p");
                cmd.add(String.join(",", pids.stream().map(String::valueOf).toList()));
                return new ProcessBuilder(cmd).inheritIO().start().waitFor();
            }
            default -> throw new IllegalArgumentException("--format must be table or json, got " + format);
        }
        return 0;
    }
}
