package io.drydock.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process named by pid and by its start time (field 22 of /proc/PID/stat, see proc(5)), so that a
 * recycled pid is never taken for the container's init.
 *
 * @param pid       the pid in the runtime's pid namespace
 * @param startTime clock ticks since boot at which the process started
 */
public record ProcessIdentity(int pid, long startTime) {
    public ProcessIdentity {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
    }

    /** Reads the identity of a live process from procfs under {@code proc}; empty if it is gone. */
    public static Optional<ProcessIdentity> of(Path proc, int pid) {
        return Stat.read(proc, pid).map(s -> new ProcessIdentity(pid, s.startTime()));
    }

    /** True while this very process exists and is not a zombie. */
    public boolean isAlive(Path proc) {
        return Stat.read(proc, pid).filter(s -> s.startTime() == startTime && s.state() != 'Z' && s.state() != 'X').isPresent();
    }

    /** The fields of /proc/PID/stat drydock needs. */
    record Stat(char state, long startTime) {
        static Optional<Stat> read(Path proc, int pid) {
            Path file = proc.resolve(Integer.toString(pid)).resolve("stat");
            // Asking first is cheaper than the exception a read of a gone process's file makes
            // (delete asks about an init that has usually exited); a race still ends below.
            if (!file.toFile().exists()) {
                return Optional.empty();
            }
            String line;
            try {
                line = Files.readString(file);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
            // comm (field 2) is in parentheses and may itself contain spaces or ')': split after the last ')'.
            int close = line.lastIndexOf(')');
            if (close < 0) {
                return Optional.empty();
            }
            String[] rest = line.substring(close + 2).trim().split(" ");
            // rest[0] is field 3 (state); field 22 (starttime) is rest[19].
            if (rest.length < 20) {
                return Optional.empty();
            }
            return Optional.of(new Stat(rest[0].charAt(0), Long.parseLong(rest[19])));
        }
    }
}
