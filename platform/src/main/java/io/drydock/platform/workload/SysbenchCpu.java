package io.drydock.platform.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU workload: {@code sysbench cpu}, which verifies primes up to a fixed limit once per event,
 * on {@code threads} threads. Either time-bound (as many events as fit in {@code time}) or fixed
 * work ({@code events} events, however long they take); exactly one of the two is set. A time-bound
 * run also reports each second's events per second ({@code --report-interval=1}), so that a caller
 * can take the best second, which a neighbour's burst of load on a shared host does not reach
 * unless it lasts the whole run.
 *
 * @param threads worker threads, 1 or more
 * @param time    the run's length in whole seconds, or {@link Duration#ZERO} for a fixed-work run
 * @param events  the number of events of a fixed-work run, or 0 for a time-bound run
 */
public record SysbenchCpu(int threads, Duration time, long events) {
    /** The prime limit of every event; sysbench's default, pinned so every platform does the same work. */
    public static final int MAX_PRIME = 10_000;
    // "[ 2s ] thds: 1 eps: 4448.17 lat (ms,95%): 0.24", sysbench 1.0's report of one interval.
    private static final Pattern INTERVAL = Pattern.compile("\\[ *[0-9]+s \\] thds: [0-9]+ eps: ([0-9]+(?:\\.[0-9]+)?)(?: .*)?");

    public SysbenchCpu {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Objects.requireNonNull(time, "time");
        SysbenchReport.checkWholeSeconds("time", time, true);
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative, got " + events);
        }
        if (time.isZero() == (events == 0)) {
            throw new IllegalArgumentException("a sysbench cpu run is bounded by exactly one of time and events, got time "
                + time.toSeconds() + " s and events " + events);
        }
    }

    /** As many events as fit in {@code time} (whole seconds, at least 1). */
    public static SysbenchCpu timed(int threads, Duration time) {
        return new SysbenchCpu(threads, time, 0);
    }

    /** A fixed amount of work: {@code events} events with no time limit. */
    public static SysbenchCpu fixedWork(int threads, long events) {
        return new SysbenchCpu(threads, Duration.ZERO, events);
    }

    /** The argv, the same on every platform. */
    public List<String> command() {
        List<String> argv = new ArrayList<>(List.of("sysbench", "cpu", "--threads=" + threads));
        if (events > 0) {
            // --time=0 lifts sysbench's default 10 s limit so that the events alone end the run.
            argv.add("--events=" + events);
            argv.add("--time=0");
        } else {
            argv.add("--time=" + time.toSeconds());
            argv.add("--report-interval=1");
        }
        argv.add("--cpu-max-prime=" + MAX_PRIME);
        argv.add("run");
        return List.copyOf(argv);
    }

    /** Reads the report {@code sysbench cpu ... run} printed on stdout. */
    public static Result parse(String output) throws WorkloadOutputException {
        SysbenchReport report = SysbenchReport.of(output);
        int threads = (int) report.count("Number of threads:");
        double eps = report.decimal("events per second:", "");
        double seconds = report.decimal("total time:", "s");
        long events = report.count("total number of events:");
        List<Double> perSecond = new ArrayList<>();
        for (String line : output.lines().map(String::strip).toList()) {
            if (line.startsWith("[") && line.contains(" eps: ")) {
                Matcher m = INTERVAL.matcher(line);
                if (!m.matches()) {
                    throw new WorkloadOutputException(SysbenchReport.TOOL, "line '" + line + "'",
                        "expected an interval report '[ Ns ] thds: N eps: X ...'");
                }
                perSecond.add(Double.parseDouble(m.group(1)));
            }
        }
        try {
            return new Result(eps, events, SysbenchReport.seconds(seconds), threads, perSecond);
        } catch (IllegalArgumentException e) {
            throw new WorkloadOutputException(SysbenchReport.TOOL, "output", e.getMessage(), e);
        }
    }

    /**
     * One {@code sysbench cpu} run's figures.
     *
     * @param eventsPerSecond events per second over all threads
     * @param totalEvents     events completed
     * @param totalTime       the run's wall-clock time as sysbench measured it
     * @param threads         the threads sysbench ran
     * @param secondEventsPerSecond events per second of each second sysbench reported on its own, in
     *                        order (none for a fixed-work run, or a run shorter than its first report)
     */
    public record Result(double eventsPerSecond, long totalEvents, Duration totalTime, int threads,
                         List<Double> secondEventsPerSecond) {
        /** A result without per-second reports. */
        public Result(double eventsPerSecond, long totalEvents, Duration totalTime, int threads) {
            this(eventsPerSecond, totalEvents, totalTime, threads, List.of());
        }

        public Result {
            if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
                throw new IllegalArgumentException("events per second must be a finite number >= 0, got " + eventsPerSecond);
            }
            if (totalEvents < 0) {
                throw new IllegalArgumentException("total events must not be negative, got " + totalEvents);
            }
            Objects.requireNonNull(totalTime, "totalTime");
            if (totalTime.isNegative()) {
                throw new IllegalArgumentException("total time must not be negative, got " + totalTime);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            secondEventsPerSecond = List.copyOf(secondEventsPerSecond);
            for (double v : secondEventsPerSecond) {
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("a second's events per second must be a finite number >= 0, got " + v);
                }
            }
        }

        /**
         * Events per second of the best second sysbench reported, or of the whole run when it
         * reported none: load from elsewhere only ever lowers a second, so the best one is the
         * steadiest figure of what the platform can do (as STREAM takes its best pass).
         */
        public double bestSecondEventsPerSecond() {
            return secondEventsPerSecond.stream().mapToDouble(Double::doubleValue).max().orElse(eventsPerSecond);
        }
    }
}
