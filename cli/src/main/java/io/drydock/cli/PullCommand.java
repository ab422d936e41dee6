package io.drydock.cli;

import io.drydock.runtime.image.Image;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.registry.RegistryClient;
import io.drydock.runtime.image.registry.RegistryOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock pull}: an image from a registry (OCI distribution API) into the store. */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = "Pull an image (NAME[:TAG] or NAME@DIGEST) from a registry; digests of everything pulled are verified.")
public final class PullCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "e.g. localhost:5000/team/app:1")
    String image;

    @Option(names = "--tls-verify", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Require HTTPS with a verified certificate (localhost registries are always plain HTTP).")
    boolean tlsVerify;

    @Option(names = "--creds", paramLabel = "USER:PASSWORD",
        description = "Log in to the registry (Basic, or to get a Bearer token) instead of anonymously.")
    String creds;

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
        RegistryClient client = RegistryClient.create(registryOptions(),
            System.err::println);
        Image pulled = client.pull(ref, options.openStore());
        System.out.println(pulled.manifestDigest());
        return 0;
    }

    private RegistryOptions registryOptions() {
        RegistryOptions o = RegistryOptions.defaults().withTlsVerify(tlsVerify);
        if (creds == null) {
            return o;
        }
        try {
            return o.withCredentials(RegistryOptions.Credentials.parse(creds));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--creds: " + e.getMessage());
        }
    }
}
