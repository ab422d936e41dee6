package io.drydock.cli;

import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.registry.RegistryClient;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drydock pull}: an image from a registry (OCI distribution API) into the store. */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = "Pull an image (NAME[:TAG] or NAME@DIGEST) from a registry; digests of everything pulled are verified.")
public final class PullCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "e.g. localhost:5000/team/app:1")
    String image;

    @Mixin
    RegistryAccessOptions access;

    @Mixin
    EngineOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ImageReference ref;
        try {
            ref = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        RegistryClient client = RegistryClient.create(access.resolve(spec.commandLine()),
            System.err::println);
        Image pulled = client.pull(ref, options.openStore());
        System.out.println(pulled.manifestDigest());
        return 0;
    }
}
