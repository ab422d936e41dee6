package io.drydock.results.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs commands as child processes, with a time limit so a hung tool cannot stall a run. */
public final class ProcessCommandRunner implements CommandRunner {
    private final long timeoutMillis;

    /** @param timeoutMillis how long a command may take before it counts as absent */
    public ProcessCommandRunner(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Optional<String> run(List<String> command) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return Optional.empty(); // not installed
        }
        try {
            // Version banners are a few lines; read them before waiting so a full pipe cannot block the tool.
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            p.destroyForcibly();
            return Optional.empty();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
