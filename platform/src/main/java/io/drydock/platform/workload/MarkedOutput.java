package io.drydock.platform.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A sink for a workload's stdout lines that times the part between two marker lines from the host's
 * side: the host's clock is read when each marker line arrives, and when each line between them
 * arrives, so the figures are the same kind on every platform whatever clock the guest keeps. A
 * workload that prints a line as each step ends is thereby timed step by step. Lines arrive on a
 * reader thread and are read on another, so every method is thread-safe.
 *
 * <p>A marker is a line that is exactly the marker once surrounding blanks are stripped (a serial
 * console ends lines with a carriage return). The lines after the first begin marker and before the
 * first end marker after it are kept, with their arrival times; lines outside are counted but not kept.
 */
public final class MarkedOutput implements Consumer<String> {
    /** The line a workload prints just before the timed part. */
    public static final String BEGIN = "@@drydock-begin";
    /** The line a workload prints just after the timed part. */
    public static final String END = "@@drydock-end";

    private final String begin;
    private final String end;
    private final LongSupplier clock;

    private final List<String> inside = new ArrayList<>();
    private final List<Long> insideNanos = new ArrayList<>();
    private long beginNanos;
    private long endNanos;
    private boolean begun;
    private boolean ended;
    private int linesSeen;
    private String lastLine = "";

    /** Markers {@link #BEGIN} and {@link #END}, timed with {@link System#nanoTime()}. */
    public MarkedOutput() {
        this(BEGIN, END, System::nanoTime);
    }

    /**
     * @param begin the begin marker line
     * @param end   the end marker line
     * @param clock nanoseconds on a monotonic clock, read as each marker and each line between them arrives
     */
    public MarkedOutput(String begin, String end, LongSupplier clock) {
        this.begin = checkMarker("begin", begin);
        this.end = checkMarker("end", end);
        if (this.begin.equals(this.end)) {
            throw new IllegalArgumentException("begin and end markers must differ, both are '" + begin + "'");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static String checkMarker(String which, String marker) {
        Objects.requireNonNull(marker, which + " marker");
        if (marker.isBlank() || !marker.equals(marker.strip()) || marker.contains("\n")) {
            throw new IllegalArgumentException(which + " marker must be one non-blank line without surrounding blanks, got '"
                + marker + "'");
        }
        return marker;
    }

    /** Takes one line of output (without its line terminator). */
    @Override
    public void accept(String line) {
        String text = Objects.requireNonNull(line, "line").strip();
        synchronized (this) {
            linesSeen++;
            lastLine = line;
            if (ended) {
                return;
            }
            if (!begun) {
                if (text.equals(begin)) {
                    begun = true;
                    beginNanos = clock.getAsLong();
                }
            } else if (text.equals(end)) {
                ended = true;
                endNanos = clock.getAsLong();
                notifyAll();
            } else {
                inside.add(line);
                insideNanos.add(clock.getAsLong());
            }
        }
    }

    /** Whether the end marker has arrived. */
    public synchronized boolean complete() {
        return ended;
    }

    /**
     * The timed section, once the end marker has arrived.
     *
     * @param tool the tool that printed the output, for the message if a marker is missing
     * @throws WorkloadOutputException if the begin or end marker has not arrived
     */
    public synchronized Section section(String tool) throws WorkloadOutputException {
        if (!ended) {
            throw missingMarker(tool);
        }
        List<Duration> offsets = new ArrayList<>(insideNanos.size());
        for (long at : insideNanos) {
            offsets.add(Duration.ofNanos(at - beginNanos));
        }
        return new Section(Duration.ofNanos(endNanos - beginNanos), inside, offsets);
    }

    /**
     * Waits up to {@code timeout} for the end marker, then returns the section.
     *
     * @throws WorkloadOutputException if the end marker did not arrive in time; the message says which marker is missing
     */
    public synchronized Section await(String tool, Duration timeout) throws WorkloadOutputException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            long ms = Math.max(1, left / 1_000_000);
            wait(ms);
        }
        return section(tool);
    }

    private WorkloadOutputException missingMarker(String tool) {
        String last = linesSeen == 0 ? "no line arrived" : "last of " + linesSeen + " lines: '" + lastLine.strip() + "'";
        String marker = begun ? end : begin;
        return new WorkloadOutputException(tool, "output", "no '" + marker + "' line (" + last + ")");
    }

    /**
     * The timed part of a workload's output.
     *
     * @param elapsed     host time from the arrival of the begin marker to the arrival of the end marker
     * @param lines       the lines between the markers, in order
     * @param lineOffsets host time from the arrival of the begin marker to the arrival of each line
     *                    of {@code lines} (the same index), never decreasing and within {@code elapsed}
     */
    public record Section(Duration elapsed, List<String> lines, List<Duration> lineOffsets) {
        public Section {
            Objects.requireNonNull(elapsed, "elapsed");
            if (elapsed.isNegative()) {
                throw new IllegalArgumentException("elapsed time must not be negative, got " + elapsed);
            }
            lines = List.copyOf(lines);
            lineOffsets = List.copyOf(lineOffsets);
            if (lineOffsets.size() != lines.size()) {
                throw new IllegalArgumentException(lineOffsets.size() + " line offsets for " + lines.size() + " lines");
            }
            Duration previous = Duration.ZERO;
            for (int i = 0; i < lineOffsets.size(); i++) {
                Duration at = lineOffsets.get(i);
                if (at.compareTo(previous) < 0 || at.compareTo(elapsed) > 0) {
                    throw new IllegalArgumentException("line " + (i + 1) + " arrived at " + at + ", not between "
                        + previous + " and the end marker at " + elapsed);
                }
                previous = at;
            }
        }
    }
}
