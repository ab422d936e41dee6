package io.drydock.runtime.image.build;

import io.drydock.runtime.image.ImageException;

/** A Containerfile that cannot be parsed or built, naming the file and the line. */
public final class ContainerfileException extends ImageException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /**
     * @param file   the Containerfile's name as the user gave it
     * @param line   1-based line of the instruction, or 0 when the file as a whole is at fault
     * @param reason what is wrong
     */
    public ContainerfileException(String file, int line, String reason) {
        this("parse", file, line, reason, null);
    }

    /** A failure while building the instruction at {@code line}: {@code operation} says what was being done. */
    public ContainerfileException(String operation, String file, int line, String reason, Throwable cause) {
        super(operation, line > 0 ? file + ":" + line : file, reason, cause);
        this.file = file;
        this.line = line;
    }

    /** The Containerfile's name. */
    public String file() {
        return file;
    }

    /** The 1-based line at fault, 0 for the whole file. */
    public int line() {
        return line;
    }
}
