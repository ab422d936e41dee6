package io.drydock.runtime.engine;

import io.drydock.runtime.container.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which process is creating a container: one small file per container being created
 * ({@code <stateRoot>/creating/<id>}, "pid starttime"), written before the container's record and
 * removed once it runs. A container recorded as "created" whose creator is gone was being created
 * by a drydock that was killed: nothing will finish it, and prune may remove it at once. A pid
 * alone could be recycled; the start time (proc(5), field 22) makes the identity exact.
 */
final class CreatorMarks {
    private static final Path PROC = Path.of("/proc");
    private final Path dir;

    CreatorMarks(Path dir) {
        this.dir = dir;
    }

    /** Marks this process as the creator of {@code id}. */
    void mark(String id) throws IOException {
        ProcessIdentity self = ProcessIdentity.of(PROC, (int) ProcessHandle.current().pid())
                .orElseThrow(() -> new IOException("cannot read this process's own /proc entry"));
        Files.createDirectories(dir);
        Path file = dir.resolve(ContainerNames.checkId(id));
        Path temp = Files.createTempFile(dir, ".mark-", ".tmp");
        try {
            Files.writeString(temp, self.pid() + " " + self.startTime() + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes the mark of {@code id} (its create ended, or it was removed). */
    void clear(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(ContainerNames.checkId(id)));
    }

    /**
     * Whether the creator of {@code id} still lives; empty when there is no mark (the create
     * finished, or the record predates marks).
     */
    Optional<Boolean> creatorAlive(String id) throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve(ContainerNames.checkId(id)), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] f = text.split(" ");
        if (f.length != 2) {
            return Optional.of(false); // torn by a kill while written: the writer is gone
        }
        try {
            return Optional.of(new ProcessIdentity(Integer.parseInt(f[0]), Long.parseLong(f[1])).isAlive(PROC));
        } catch (IllegalArgumentException e) {
            return Optional.of(false);
        }
    }

    /** The ids that have a mark. */
    List<String> ids() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".mark-")) {
                    // a temporary file of a writer killed mid-write
                    Files.deleteIfExists(p);
                } else if (ContainerNames.isId(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
