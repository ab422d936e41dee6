package io.drydock.runtime.cli;

import io.drydock.runtime.container.CreateRequest;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code create} and {@code run} share, as runc names them. */
final class CreateOptions {
    @Option(names = {"-b", "--bundle"}, description = "Path to the bundle (default: the current directory).", defaultValue = ".")
    Path bundle;

    @Option(names = "--console-socket", description = "AF_UNIX socket that receives the pty master when process.terminal is true.")
    Path consoleSocket;

    @Option(names = "--pid-file", description = "Write the container's init pid to this file.")
    Path pidFile;

    @Option(names = "--preserve-fds", description = "Pass this many extra fds (3..3+N-1) to the container.", defaultValue = "0")
    int preserveFds;

    @Option(names = "--no-pivot", description = "Accepted for runc compatibility; drydock always uses pivot_root.", hidden = true)
    boolean noPivot;

    @Option(names = "--no-new-keyring", description = "Accepted for runc compatibility.", hidden = true)
    boolean noNewKeyring;

    CreateRequest toRequest() {
        return CreateRequest.builder()
            .bundle(bundle.toAbsolutePath().normalize())
            .consoleSocket(consoleSocket)
            .pidFile(pidFile)
            .preserveFds(preserveFds)
            .build();
    }
}
