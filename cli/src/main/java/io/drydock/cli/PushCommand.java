package io.drydock.cli;

import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.registry.PushResult;
import io.drydock.runtime.image.registry.RegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock push}: an image of the store to a registry (OCI distribution API). */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Push an image to a registry. Blobs the repository has are skipped; a push that failed half-way"
        + " finishes when run again.")
public final class PushCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image in the store (name or ID).")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DESTINATION",
        description = "Where to push, REGISTRY/NAME:TAG (default: IMAGE itself).")
    String destination;

    @Option(names = "--mount-from", description = "Repository of the same registry to mount existing blobs from (repeatable).")
    List<String> mountFrom = new ArrayList<>();

    @Option(names = "--chunk-size", description = "Upload blobs larger than this many bytes in chunks (default: ${DEFAULT-VALUE}).",
        defaultValue = "8388608")
    long chunkSize;

    @Mixin
    RegistryAccessOptions access;

    @Mixin
    EngineOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ImageStore store = options.openStore();
        Image local = store.inspect(image);
        ImageReference target;
        try {
            target = ImageReference.parse(destination != null ? destination : image);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (target.tag() == null) {
            target = target.withTag(ImageReference.DEFAULT_TAG);
        }
        RegistryClient client = RegistryClient.create(access.resolve(spec.commandLine())
            .withChunkSize(chunkSize), System.err::println);
        PushResult result = client.push(local, target, store, mountFrom);
        System.out.println(result.manifestDigest());
        return 0;
    }
}
