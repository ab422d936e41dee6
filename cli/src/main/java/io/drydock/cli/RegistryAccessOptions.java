package io.drydock.cli;

import io.drydock.runtime.image.registry.RegistryOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How {@code pull} and {@code push} reach a registry: TLS verification and credentials. */
public final class RegistryAccessOptions {
    @Option(names = "--tls-verify", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Require HTTPS with a verified certificate (localhost registries are always plain HTTP).")
    boolean tlsVerify;

    @Option(names = "--creds", paramLabel = "USER:PASSWORD",
        description = "Log in to the registry (Basic, or to get a Bearer token) instead of anonymously.")
    String creds;

    /** The registry client's options from these flags; a malformed --creds is a usage error of {@code cmd}. */
    RegistryOptions resolve(CommandLine cmd) {
        RegistryOptions o = RegistryOptions.defaults().withTlsVerify(tlsVerify);
        if (creds == null) {
            return o;
        }
        try {
            return o.withCredentials(RegistryOptions.Credentials.parse(creds));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--creds: " + e.getMessage());
        }
    }
}
