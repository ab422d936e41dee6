package io.drydock.cli;

import io.drydock.runtime.image.BaseImages;
import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.registry.RegistryClient;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code drydock pull}: an image from a registry (OCI distribution API) into the store; the base
 * images drydock makes itself (busybox, debian-bench) are made here instead.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = {"Pull an image (NAME[:TAG] or NAME@DIGEST) from a registry; digests of everything pulled are verified.",
        "busybox and debian-bench are not pulled: drydock makes them on this host (from busybox-static, by"
            + " debootstrap) and says so."})
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
        Optional<BaseImages.Entry> base = BaseImages.forHost().lookup(image);
        if (base.isPresent()) {
            // A catalogue name is never pulled: the image a registry has under that name is not the one
            // drydock's results are measured on.
            System.err.println(image + " is not pulled: drydock makes it on this host "
                + base.get().origin());
            Image made = BaseImages.forHost().resolve(options.openStore(), image, System.err::println);
            System.out.println(made.manifestDigest());
            return 0;
        }
        RegistryClient client = RegistryClient.create(access.resolve(spec.commandLine()),
            System.err::println);
        Image pulled = client.pull(ref, options.openStore());
        System.out.println(pulled.manifestDigest());
        return 0;
    }
}
