package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.image.Digest;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageRemoval;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock rmi}: remove image names or images; refused for an image a container uses unless -f. */
@Command(name = "rmi", mixinStandardHelpOptions = true, description = "Remove images (refused while a container uses one, unless -f).")
public final class RmiCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--force"}, description = "Remove the name even if a container uses the image.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    public Integer call() {
        int status = 0;
        try {
            CommandValues.images(images);
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        try (Engine e = engine.open()) {
            for (String i : images) {
                try {
                    ImageRemoval r = e.removeImage(i, force);
                    for (ImageReference n : r.untagged()) {
                        System.out.println("Untagged: " + n.familiar());
                    }
                    for (Digest d : r.deletedBlobs()) {
                        System.out.println("Deleted: " + d);
                    }
                } catch (Exception ex) {
                    status = engine.fail(spec.commandLine(), ex, UserErrors.FAILED);
                }
            }
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
        return status;
    }
}
