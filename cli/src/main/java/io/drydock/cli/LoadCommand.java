package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drydock load}: images from a docker-archive or OCI layout tar (told apart by content). */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Load images from a docker-archive or OCI layout tar.")
public final class LoadCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, description = "The tar file to read.")
    Path input;

    @Override
    public Integer call() {
        try (Engine e = engine.open()) {
            for (Image i : e.load(input.toAbsolutePath())) {
                if (i.names().isEmpty()) {
                    System.out.println("Loaded image ID: " + i.id());
                }
                for (ImageReference r : i.names()) {
                    System.out.println("Loaded image: " + r.familiar());
                }
            }
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }
}
