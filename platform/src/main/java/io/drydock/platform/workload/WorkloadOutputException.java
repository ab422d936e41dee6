package io.drydock.platform.workload;

/**
 * A workload tool's output could not be read: it was empty, cut short, or a line or JSON field did
 * not hold what the tool documents. The message names the tool and where the output went wrong
 * (a line number and its text, or a JSON path), so that a failed benchmark says which run to look at.
 */
public class WorkloadOutputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String tool;
    private final String where;

    /**
     * @param tool    the tool whose output this is (sysbench, fio, sha256sum)
     * @param where   where in the output: "line 17 'total time: x'", "jobs[2].read.iops", or "output"
     * @param problem what is wrong there
     */
    public WorkloadOutputException(String tool, String where, String problem) {
        super(tool + " output, " + where + ": " + problem);
        this.tool = tool;
        this.where = where;
    }

    public WorkloadOutputException(String tool, String where, String problem, Throwable cause) {
        super(tool + " output, " + where + ": " + problem, cause);
        this.tool = tool;
        this.where = where;
    }

    /** The tool whose output did not parse. */
    public String tool() {
        return tool;
    }

    /** The line or JSON path that did not parse, or "output" for the output as a whole. */
    public String where() {
        return where;
    }
}
