package io.drydock.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's output, kept out of the terminal: every line JMH prints (its own and what the forks print,
 * JVM warnings included) goes to a log file, and the terminal gets one {@link StatusLine}:
 * benchmark, platform, fork i of n, elapsed time and JMH's own estimate of what is left.
 */
final class JmhProgress implements OutputFormat {
    private static final Pattern FORK = Pattern.compile("^# Fork: (\\d+) of (\\d+)");
    private static final Pattern EXCEPTION_CLASS = Pattern.compile("^([\\w$]+\\.)*[\\w$]*(Exception|Error)(: |$)");
    private static final Pattern ETA = Pattern.compile("^# Run progress: .*ETA (\\d+):(\\d+):(\\d+)");

    private final PrintStream log;
    private final StatusLine status;
    private final String benchmark;
    private final LongSupplier nanoTime;
    private final long started;
    private String platform = "";
    private String fork = "";
    private String eta = "";

    /**
     * @param log       JMH's whole output is appended here
     * @param status    the live line
     * @param benchmark the benchmark's name as a person reads it
     * @param nanoTime  the clock
     */
    JmhProgress(Path log, StatusLine status, String benchmark, LongSupplier nanoTime) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        this.log = new PrintStream(Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
            true, StandardCharsets.UTF_8);
        this.status = status;
        this.benchmark = benchmark;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
    }

    /** The last {@code n} lines of a log, for an error message. */
    static String tail(Path log, int n) {
        try {
            java.util.List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * What the first failing fork threw, as a person reads it: the line after JMH's
     * {@code <failure>} marker without the exception's class name, or empty when the log has none.
     */
    static java.util.Optional<String> firstFailure(Path log) {
        try {
            java.util.List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.indexOf("<failure>") + 1; i > 0 && i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (!l.isEmpty()) {
                    String message = EXCEPTION_CLASS.matcher(l).replaceFirst("");
                    return java.util.Optional.of(message.isBlank() ? l : message);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // No log to read: the caller names the log anyway.
        }
        return java.util.Optional.empty();
    }

    /** The live line for the current state; package-private for tests. */
    String line() {
        StringBuilder b = new StringBuilder(benchmark);
        if (!platform.isEmpty()) {
            b.append(" · ").append(platform);
        }
        if (!fork.isEmpty()) {
            b.append(" · fork ").append(fork);
        }
        b.append(" · ").append(PrecisionPolicy.duration(Duration.ofNanos(nanoTime.getAsLong() - started))).append(" elapsed");
        if (!eta.isEmpty()) {
            b.append(" · about ").append(eta).append(" left");
        }
        return b.toString();
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        String p = params.getParam("platform");
        platform = p == null ? "" : p;
        fork = "";
        // Shown once JMH names the fork, a moment later: one line per fork.
    }

    @Override
    public void iteration(BenchmarkParams params, IterationParams iterationParams, int n) {
        // One line per fork: iterations would make a CI log as long as JMH's own.
    }

    @Override
    public void iterationResult(BenchmarkParams params, IterationParams iterationParams, int n, IterationResult data) {
        // The figures come from JMH's JSON; the log has the per-iteration lines.
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        // Nothing on the terminal: the session prints a line when the whole benchmark is done.
    }

    @Override
    public void startRun() {
        // Nothing to show before the first benchmark starts.
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        status.clear();
    }

    @Override
    public void print(String s) {
        log.print(s);
    }

    @Override
    public void println(String s) {
        log.println(s);
        Matcher f = FORK.matcher(s);
        if (f.find()) {
            fork = f.group(1) + " of " + f.group(2);
            status.show(line());
            return;
        }
        Matcher e = ETA.matcher(s);
        if (e.find()) {
            Duration left = Duration.ofHours(Long.parseLong(e.group(1))).plusMinutes(Long.parseLong(e.group(2)))
                .plusSeconds(Long.parseLong(e.group(3)));
            eta = PrecisionPolicy.duration(left);
        }
    }

    @Override
    public void verbosePrintln(String s) {
        log.println(s);
    }

    @Override
    public void write(int b) {
        log.write(b);
    }

    @Override
    public void write(byte[] b) {
        try {
            log.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        log.flush();
    }

    /**
     * Flushes only: every fork relays its own {@code close()} to the host's output when it ends, so
     * closing here would lose the next forks' lines, a failing fork's stack trace among them.
     * {@link #finish} closes the log.
     */
    @Override
    public void close() {
        log.flush();
    }

    /** The log, for output that reaches this JVM's stdout and stderr during the run. */
    PrintStream log() {
        return log;
    }

    /** Closes the log, once JMH's run is over. */
    void finish() {
        log.close();
    }
}
