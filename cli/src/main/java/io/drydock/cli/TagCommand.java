package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.image.ImageReference;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drydock tag}: another name for an image. */
@Command(name = "tag", mixinStandardHelpOptions = true, description = "Give an image another name.")
public final class TagCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET")
    String target;

    @Override
    public Integer call() {
        ImageReference ref;
        try {
            CommandValues.image(source);
            ref = CommandValues.reference("TARGET", target);
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        try (Engine e = engine.open()) {
            e.image(source); // builds busybox on first use
            e.images().tag(source, ref);
            return 0;
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }
}
