package io.drydock.runtime.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs programs on this host with {@link ProcessBuilder}, killing one that outlives its time limit. */
public final class LocalProcessRunner implements ProcessRunner {
    private final Duration timeLimit;

    /** A runner that gives each program {@code timeLimit} before killing it. */
    public LocalProcessRunner(Duration timeLimit) {
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive: " + timeLimit);
        }
        this.timeLimit = timeLimit;
    }

    /** A runner with a 60 s limit per program: CNI plugins and iptables take milliseconds. */
    public LocalProcessRunner() {
        this(Duration.ofSeconds(60));
    }

    @Override
    public Output run(List<String> argv, Map<String, String> environment, String stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Both pipes are drained concurrently: a plugin that fills stderr must not block on it.
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The program may exit without reading its input (iptables does); its status tells.
        }
        try {
            if (!process.waitFor(timeLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new IOException(argv.get(0) + " ran longer than " + timeLimit + " and was killed");
            }
            return new Output(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + argv.get(0), e);
        } catch (ExecutionException e) {
            throw new IOException("reading the output of " + argv.get(0) + " failed", e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
                stream.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }
}
