package io.drydock.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of a VM's host-side files (initramfs, overlay, console log). */
final class StateDir {
    private StateDir() {}

    /** Deletes {@code dir} and everything in it; a missing dir is fine. */
    static void deleteTree(Path dir) throws VmException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new VmException("remove state", dir + ": " + e.getMessage(), e);
        }
    }
}
