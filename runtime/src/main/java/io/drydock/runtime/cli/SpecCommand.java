package io.drydock.runtime.cli;

import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code spec}: write a default config.json into the bundle, refusing to overwrite one. */
final class SpecCommand implements RuncSubcommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("spec", "Write a default config.json into the bundle directory.",
        List.of(Flag.value("PATH", "Bundle directory (default: the current directory).", "--bundle", "-b"),
            Flag.bool("A spec for running without root: a user namespace mapping the current user.", "--rootless")),
        List.of(), false);

    @Override
    public CommandSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public int run(Invocation inv) throws Exception {
        Path file = inv.args().path("bundle", ".").resolve("config.json");
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " already exists; remove it first");
        }
        Spec spec = inv.args().isSet("rootless") ? DefaultSpec.rootlessForCurrentUser() : DefaultSpec.standard();
        SpecJson.writeConfig(spec, file);
        return 0;
    }
}
