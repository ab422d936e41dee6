package io.drydock.bench;

import java.io.PrintStream;
import java.util.Objects;

/**
 * One live line of progress. On a terminal it is redrawn in place (carriage return, padded to
 * the previous width, so no control sequence beyond {@code \r} is needed); elsewhere (CI, a pipe)
 * each distinct status is one plain line, and repeats of the same status are not printed again.
 */
public final class StatusLine {
    private final PrintStream out;
    private final boolean live;
    /** Columns the live line covers on screen now (text and padding). */
    private int width;
    private String lastPlain = "";

    /**
     * @param out  where the line goes
     * @param live redraw in place ({@code true} on an interactive terminal)
     */
    public StatusLine(PrintStream out, boolean live) {
        this.out = Objects.requireNonNull(out, "out");
        this.live = live;
    }

    /** A status line on standard output, live when a terminal is attached and {@code CI} is not set. */
    public static StatusLine forConsole() {
        boolean terminal = System.console() != null && System.getenv("CI") == null
            && !"dumb".equals(System.getenv("TERM"));
        return new StatusLine(System.out, terminal);
    }

    /** Shows {@code status} (the live line), replacing what was shown. */
    public synchronized void show(String status) {
        if (live) {
            int pad = Math.max(0, width - status.length());
            out.print("\r" + status + " ".repeat(pad));
            out.flush();
            width = status.length() + pad;
        } else if (!status.equals(lastPlain)) {
            out.println(status);
            lastPlain = status;
        }
    }

    /** Removes the live line, so that ordinary output starts on a clean line. */
    public synchronized void clear() {
        if (live && width > 0) {
            out.print("\r" + " ".repeat(width) + "\r");
            out.flush();
            width = 0;
        }
    }
}
