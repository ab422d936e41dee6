package io.drydock.runtime.cli;

import io.drydock.runtime.rootfs.MountOptions;
import io.drydock.runtime.spec.Features;
import io.drydock.runtime.spec.SpecJson;
import java.util.List;

/** {@code features}: what this runtime implements, as the OCI runtime features document. */
final class FeaturesCommand implements RuncSubcommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("features", "Print the OCI features document of drydock's runtime.",
        List.of(), List.of(), false);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) {
        inv.out().println(SpecJson.write(Features.drydock(MountOptions.knownOptions())));
        return 0;
    }
}
