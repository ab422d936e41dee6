package io.drydock.runtime.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test-only {@link OverlayMounter} over mount(8) and umount(8); the runtime uses its Syscalls. */
final class CommandOverlayMounter implements OverlayMounter {

    @Override
    public void mount(OverlayMount mount) throws IOException {
        run(List.of("mount", "-t", "overlay", "overlay", "-o", mount.data(), mount.target().toString()));
    }

    @Override
    public void unmount(Path target) throws IOException {
        run(List.of("umount", target.toString()));
    }

    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(command + " exited " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command + " interrupted", e);
        }
    }
}
