package io.drydock.runtime.container;

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
 * Which process is creating an instance (a container of the engine, a VM): one small file per
 * instance being created ({@code <dir>/<name>}, "pid starttime"), written before the instance's
 * first trace and removed once it runs. An instance whose creator is gone was being created by a
 * drydock that was killed: nothing will finish it, and prune may remove it at once. A pid alone
 * could be recycled; the start time (proc(5), field 22) makes the identity exact.
 */
public final class CreatorMarks {
    private static final Path PROC = Path.of("/proc");
    private final Path dir;
    private final java.util.function.Predicate<String> validName;

    /**
     * @param dir       where the marks live
     * @param validName which names may become a file name there (checked before any path is made)
     */
    public CreatorMarks(Path dir, java.util.function.Predicate<String> validName) {
        this.dir = dir;
        this.validName = validName;
    }

    private String check(String name) {
        if (!validName.test(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot name a creator mark");
        }
        return name;
    }

    /** Marks this process as the creator of {@code id}. */
    public void mark(String id) throws IOException {
        ProcessIdentity self = ProcessIdentity.of(PROC, (int) ProcessHandle.current().pid())
                .orElseThrow(() -> new IOException("cannot read this process's own /proc entry"));
        Files.createDirectories(dir);
        Path file = dir.resolve(check(id));
        Path temp = Files.createTempFile(dir, ".mark-", ".tmp");
        try {
            Files.writeString(temp, self.pid() + " " + self.startTime() + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes the mark of {@code id} (its create ended, or it was removed). */
    public void clear(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(check(id)));
    }

    /**
     * Whether the creator of {@code id} still lives; empty when there is no mark (the create
     * finished, or the record predates marks).
     */
    public Optional<Boolean> creatorAlive(String id) throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve(check(id)), StandardCharsets.US_ASCII).strip();
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
    public List<String> ids() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".mark-")) {
                    // A writer's temporary file: renamed into place within moments, unless its
                    // writer was killed mid-write; only then (long since written) is it removed.
                    try {
                        if (Files.getLastModifiedTime(p).toInstant().isBefore(java.time.Instant.now().minusSeconds(60))) {
                            Files.deleteIfExists(p);
                        }
                    } catch (NoSuchFileException gone) {
                        // renamed meanwhile
                    }
                } else if (validName.test(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }
}
