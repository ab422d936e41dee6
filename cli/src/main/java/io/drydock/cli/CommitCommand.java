package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.image.Image;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drydock commit}: a container's changes as a new image layer. */
@Command(name = "commit", mixinStandardHelpOptions = true, description = "Create an image from a container's changes.")
public final class CommitCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call() {
        try {
            CommandValues.container(container);
            if (image != null) {
                CommandValues.reference("IMAGE", image);
            }
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        try (Engine e = engine.open()) {
            Image i = e.commit(container, image);
            System.out.println(i.id());
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }
}
