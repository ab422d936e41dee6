package io.drydock.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's view of a QEMU process: its memory as the host pays for it. */
public final class QemuProcess {
    private QemuProcess() {}

    /**
     * The PSS in KiB of the process whose pid is in {@code pidFile}, from {@code proc/PID/smaps_rollup};
     * -1 when the pid file or the process is gone.
     */
    public static long pssKiB(Path pidFile, Path proc) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return pssOfPid(pid, proc);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The PSS in KiB of {@code pid}, or -1 when it is gone. */
    public static long pssOfPid(long pid, Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
