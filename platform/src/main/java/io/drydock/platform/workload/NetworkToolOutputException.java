package io.drydock.platform.workload;

/**
 * The output of a network measuring tool (iperf3, redis-benchmark) could not be read: it is
 * malformed, incomplete, or the tool reported an error instead of a result. The message names the
 * tool and, where there is one, the line of output at fault.
 */
public class NetworkToolOutputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String tool;
    private final int line;

    /**
     * @param tool    the tool whose output it was, e.g. {@code iperf3}
     * @param line    the 1-based line at fault, or 0 when the fault is not on one line
     * @param problem what is wrong, including the line's text where it helps
     */
    public NetworkToolOutputException(String tool, int line, String problem) {
        super(tool + " output" + (line > 0 ? ", line " + line : "") + ": " + problem);
        this.tool = tool;
        this.line = line;
    }

    /** As {@link #NetworkToolOutputException(String, int, String)}, with the parser's own failure as cause. */
    public NetworkToolOutputException(String tool, int line, String problem, Throwable cause) {
        this(tool, line, problem);
        initCause(cause);
    }

    /** The tool whose output it was. */
    public String tool() {
        return tool;
    }

    /** The 1-based line at fault, or 0 when the fault is not on one line. */
    public int line() {
        return line;
    }
}
