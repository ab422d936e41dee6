package io.drydock.runtime.cli;

import io.drydock.runtime.spec.Features;
import io.drydock.runtime.spec.SpecJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code features}: what this runtime implements, as the OCI runtime features document. */
@Command(name = "features", mixinStandardHelpOptions = true, description = "Print the OCI features document of drydock's runtime.")
final class FeaturesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println(SpecJson.write(Features.drydock(io.drydock.runtime.rootfs.MountOptions.knownOptions())));
        return 0;
    }
}
