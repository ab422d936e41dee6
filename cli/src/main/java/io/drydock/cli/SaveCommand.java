package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock save}: images to a docker-archive (default) or OCI layout tar. */
@Command(name = "save", mixinStandardHelpOptions = true, description = "Save images to a tar archive.")
public final class SaveCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, description = "The tar file to write.")
    Path output;

    @Option(names = "--format", defaultValue = "docker-archive", description = "docker-archive (default) or oci-archive.")
    String format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() {
        if (!format.equals("docker-archive") && !format.equals("oci-archive")) {
            return engine.usage(spec.commandLine(), new IllegalArgumentException("--format '" + format
                    + "' must be docker-archive or oci-archive"));
        }
        try {
            CommandValues.images(images);
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        try (Engine e = engine.open()) {
            for (String i : images) {
                e.image(i); // builds busybox on first use
            }
            e.save(images, output.toAbsolutePath(), format.equals("oci-archive"));
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }
}
