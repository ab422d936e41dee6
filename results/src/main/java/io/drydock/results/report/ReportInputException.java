package io.drydock.results.report;

/** Result files that cannot go into one report or plan together, with the reason. */
public final class ReportInputException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the files and figures */
    public ReportInputException(String message) {
        super(message);
    }
}
