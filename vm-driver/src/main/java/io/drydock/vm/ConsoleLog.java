package io.drydock.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A VM's serial console as written to a file by QEMU, read incrementally for the guest init's
 * markers ({@code DRYDOCK_READY}, {@code DRYDOCK_EXIT=N}, {@code DRYDOCK_ERROR=...}).
 */
public final class ConsoleLog {
    /** The guest init printed this just before executing the workload. */
    public static final String READY = "DRYDOCK_READY";
    /** Followed by the workload's exit code. */
    public static final String EXIT = "DRYDOCK_EXIT=";
    /** Followed by why the guest init gave up. */
    public static final String ERROR = "DRYDOCK_ERROR=";

    private final Path file;
    private long offset;
    private final StringBuilder pending = new StringBuilder();
    private boolean ready;
    private Integer exitCode;
    private String error;
    private final StringBuilder output = new StringBuilder();

    public ConsoleLog(Path file) {
        this.file = file;
    }

    /** Reads what was appended since the last poll and notes the markers in it. */
    public void poll() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            if (len <= offset) {
                return;
            }
            byte[] buf = new byte[(int) Math.min(len - offset, 1 << 20)];
            f.seek(offset);
            f.readFully(buf);
            offset += buf.length;
            pending.append(new String(buf, StandardCharsets.ISO_8859_1));
        }
        int nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
            line(pending.substring(0, nl).replace("\r", ""));
            pending.delete(0, nl + 1);
        }
    }

    private void line(String line) {
        if (line.equals(READY)) {
            ready = true;
            return;
        }
        // The workload's last line may lack a newline, so a marker can follow output on its line.
        int exit = line.indexOf(EXIT);
        int err = line.indexOf(ERROR);
        if (exit >= 0 && exitCode == null) {
            output.append(line, 0, exit).append(exit > 0 ? "\n" : "");
            try {
                exitCode = Integer.parseInt(line.substring(exit + EXIT.length()).trim());
            } catch (NumberFormatException e) {
                error = "unreadable exit marker: " + line;
            }
        } else if (err >= 0) {
            error = line.substring(err + ERROR.length());
        } else if (ready && exitCode == null) {
            output.append(line).append('\n');
        }
    }

    /** Workload output (console lines between the ready and exit markers) seen since the last call. */
    public String drainOutput() {
        String s = output.toString();
        output.setLength(0);
        return s;
    }

    /** Whether the guest reported readiness. */
    public boolean ready() {
        return ready;
    }

    /** The workload's exit code, once reported. */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** The guest init's error, if it reported one. */
    public String error() {
        return error;
    }

    /**
     * The console's text as a user reads it: carriage returns and the guest init's markers removed.
     */
    public static String text(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r", "").split("\n", -1)) {
            if (line.equals(READY)) {
                continue;
            }
            int exit = line.indexOf(EXIT);
            out.append(exit >= 0 ? line.substring(0, exit) : line).append('\n');
        }
        // split keeps a trailing empty element: drop the newline it added.
        if (out.length() > 0) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }
}
