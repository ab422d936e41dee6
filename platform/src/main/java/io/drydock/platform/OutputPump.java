package io.drydock.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Passes a workload's output stream to a line sink from a daemon thread of its own, so that the
 * host sees each line when it arrives (benchmarks time marker lines from the host side).
 * {@link #finish()} waits until the stream has ended and every line has been passed on.
 */
public final class OutputPump {
    private final Thread thread;
    private volatile IOException failure;

    private OutputPump(InputStream in, Consumer<String> sink, String name) {
        thread = Thread.ofPlatform().daemon().name("output-" + name).unstarted(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                failure = e;
            }
        });
        thread.start();
    }

    /** Starts pumping {@code in} (closed at its end) into {@code sink}; {@code name} names the thread. */
    public static OutputPump start(InputStream in, Consumer<String> sink, String name) {
        return new OutputPump(in, sink, name);
    }

    /** Waits until the stream ended and every line reached the sink. */
    public void finish() throws IOException, InterruptedException {
        thread.join();
        if (failure != null) {
            throw new IOException("reading the workload's output: " + failure.getMessage(), failure);
        }
    }
}
