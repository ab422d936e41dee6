package io.drydock.runtime.cli;

import io.drydock.runtime.container.CreateRequest;
import java.util.List;

/** The flags {@code create} and {@code run} share, as runc names them. */
final class CreateOptions {
    private CreateOptions() {}

    static final List<Flag> FLAGS = List.of(
        Flag.value("PATH", "Path to the bundle (default: the current directory).", "--bundle", "-b"),
        Flag.value("PATH", "AF_UNIX socket that receives the pty master when process.terminal is true.", "--console-socket"),
        Flag.value("PATH", "Write the container's init pid to this file.", "--pid-file"),
        Flag.value("N", "Pass this many extra fds (3..3+N-1) to the container.", "--preserve-fds"),
        Flag.bool("Accepted for runc compatibility; drydock always uses pivot_root.", "--no-pivot").hide(),
        Flag.bool("Accepted for runc compatibility.", "--no-new-keyring").hide());

    static CreateRequest toRequest(ParsedArgs args, RuncHost host) throws UsageException {
        int preserve = args.intValue("preserve-fds", 0);
        return CreateRequest.builder()
            .stdio(host.stdio(args.command(), preserve))
            .bundle(args.path("bundle", ".").toAbsolutePath().normalize())
            .consoleSocket(args.path("console-socket"))
            .pidFile(args.path("pid-file"))
            .preserveFds(args.intValue("preserve-fds", 0))
            .build();
    }
}
