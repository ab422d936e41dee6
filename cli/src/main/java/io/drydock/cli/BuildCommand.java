package io.drydock.cli;

import io.drydock.runtime.container.ContainerRuntime;
import io.drydock.runtime.image.ImageReference;
import io.drydock.runtime.image.ImageStore;
import io.drydock.runtime.image.build.BuildRequest;
import io.drydock.runtime.image.build.BuildResult;
import io.drydock.runtime.image.build.ImageBuilder;
import io.drydock.runtime.image.registry.RegistryClient;
import io.drydock.runtime.image.registry.RegistryOptions;
import io.drydock.runtime.process.Stdio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock build}: an image from a Containerfile, RUN steps in drydock's own runtime. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = {"Build an image from a Containerfile (FROM, RUN, COPY, ADD, ENV, ARG, WORKDIR, USER, EXPOSE, CMD,"
        + " ENTRYPOINT, LABEL). RUN steps run in drydock containers without network; unchanged steps come from"
        + " the build cache.",
        "A FROM image missing from the store is made on this host when it is busybox (from busybox-static) or"
            + " debian-bench (by debootstrap, cached), and pulled from its registry otherwise."})
public final class BuildCommand implements Callable<Integer> {

    @Option(names = {"-t", "--tag"}, description = "Name the image NAME[:TAG] (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, description = "The Containerfile (default: DIR/Containerfile, else DIR/Dockerfile).")
    Path file;

    @Option(names = "--build-arg", description = "Set an ARG: K=V (repeatable).")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--no-cache", description = "Run every step, ignoring the build cache.")
    boolean noCache;

    @Parameters(index = "0", paramLabel = "DIR", description = "The build context.")
    Path context;

    @Option(names = "--tls-verify", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "When pulling a missing FROM image (busybox and debian-bench are made here): require HTTPS"
            + " with a verified certificate (localhost registries are always plain HTTP).")
    boolean tlsVerify;

    @Mixin
    EngineOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ImageReference> names = new ArrayList<>();
        for (String tag : tags) {
            try {
                names.add(ImageReference.parse(tag));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tag: " + e.getMessage());
            }
        }
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--build-arg '" + arg + "' is not K=V");
            }
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Path containerfile = file != null ? file
            : Files.exists(context.resolve("Containerfile")) ? context.resolve("Containerfile")
            : context.resolve("Dockerfile");
        ImageStore store = options.openStore();
        try (ContainerRuntime runtime = ContainerRuntime.open(options.buildState())) {
            // RUN output goes straight to our stdout and stderr, interleaved with the step log.
            RegistryClient registry = RegistryClient.create(RegistryOptions.defaults().withTlsVerify(tlsVerify),
                System.out::println);
            ImageBuilder builder = new ImageBuilder(store, runtime::run, ImageBuilder.cacheOf(store), System.out,
                Stdio.of(0, 1, 2), ref -> registry.pull(ref, store));
            BuildResult result = builder.build(new BuildRequest(context, containerfile, names, args, noCache));
            System.out.println(result.image().id().hex());
        }
        return 0;
    }
}
