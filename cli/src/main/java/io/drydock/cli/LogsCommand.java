package io.drydock.cli;

import io.drydock.runtime.engine.Engine;
import io.drydock.runtime.engine.EngineContainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drydock logs}: what a detached container wrote to stdout and stderr. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a detached container's output.")
public final class LogsCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the container exits.")
    boolean follow;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        try {
            CommandValues.container(container);
        } catch (IllegalArgumentException e) {
            return engine.usage(spec.commandLine(), e);
        }
        try (Engine e = engine.open()) {
            EngineContainer c = e.container(container);
            Path log = e.logFile(c.id());
            if (!Files.exists(log)) {
                if (!c.detached()) {
                    throw new IOException("container " + c.name() + " ran in the foreground: it has no log");
                }
                throw new NoSuchFileException(log.toString());
            }
            try (InputStream in = Files.newInputStream(log)) {
                byte[] buf = new byte[64 * 1024];
                while (true) {
                    int n = in.read(buf);
                    if (n > 0) {
                        System.out.write(buf, 0, n);
                        continue;
                    }
                    System.out.flush();
                    if (!follow || !e.isRunning(c.id())) {
                        // one more read after exit: output written just before it
                        int last;
                        while ((last = in.read(buf)) > 0) {
                            System.out.write(buf, 0, last);
                        }
                        System.out.flush();
                        return 0;
                    }
                    Thread.sleep(100);
                }
            }
        } catch (Exception e) {
            return engine.fail(spec.commandLine(), e, UserErrors.FAILED);
        }
    }
}
