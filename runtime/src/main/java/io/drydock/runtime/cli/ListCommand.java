package io.drydock.runtime.cli;

import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.container.ContainerSummary;
import java.util.ArrayList;
import java.util.List;

/** {@code list}: the containers under the root. */
final class ListCommand implements RuncSubcommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("list", "List containers.",
        List.of(Flag.value("FORMAT", "table or json (default: table).", "--format", "-f"),
            Flag.bool("Print only the ids.", "--quiet", "-q")),
        List.of(), false);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        String format = inv.args().value("format", "table");
        if (!format.equals("table") && !format.equals("json")) {
            throw new UsageException(inv.args().command(), "--format must be table or json, got '" + format + "'");
        }
        List<ContainerSummary> all;
        try (ContainerRuntime rt = inv.openRuntime()) {
            all = rt.list();
        }
        if (inv.args().isSet("quiet")) {
            all.forEach(c -> inv.out().println(c.id()));
        } else if (format.equals("json")) {
            inv.out().println(ContainerSummary.toJson(all));
        } else {
            List<String[]> rows = new ArrayList<>();
            for (ContainerSummary c : all) {
                rows.add(new String[] {c.id(), String.valueOf(c.pid()), c.status(), c.bundle(), c.created(), "root"});
            }
            RuncCommand.printTable(inv.out(), new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"}, rows);
        }
        return 0;
    }
}
