package io.drydock.runtime.cli;

import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spec}: write a default config.json into the bundle, refusing to overwrite one. */
@Command(name = "spec", mixinStandardHelpOptions = true, description = "Write a default config.json into the bundle directory.")
final class SpecCommand implements Callable<Integer> {
    @Option(names = {"-b", "--bundle"}, description = "Bundle directory (default: the current directory).", defaultValue = ".")
    Path bundle;

    @Option(names = "--rootless", description = "A spec for running without root: a user namespace mapping the current user.")
    boolean rootless;

    @Override
    public Integer call() throws Exception {
        Path file = bundle.resolve("config.json");
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " already exists; remove it first");
        }
        Spec spec = rootless ? DefaultSpec.rootlessForCurrentUser() : DefaultSpec.standard();
        SpecJson.writeConfig(spec, file);
        return 0;
    }
}
