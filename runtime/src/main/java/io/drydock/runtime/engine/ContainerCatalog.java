package io.drydock.runtime.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The engine's containers on disk: {@code <root>/<id>/container.json} plus the container's bundle,
 * etc files and log beside it. Names are reserved under a file lock so that two {@code run}s
 * cannot take the same one.
 */
public final class ContainerCatalog {
    static final String RECORD = "container.json";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;

    /** A catalog under {@code root} (created if missing). */
    public ContainerCatalog(Path root) throws IOException {
        this.root = Objects.requireNonNull(root, "root");
        Files.createDirectories(root);
    }

    /** The directory of container {@code id}. */
    public Path dir(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("container id '" + id + "' is not 64 hex digits");
        }
        return root.resolve(id);
    }

    /** Work done while holding the catalog lock. */
    public interface Locked<T> {
        T run() throws IOException, EngineException;
    }

    /** Runs {@code work} holding the catalog's lock (a file lock: other drydock processes wait). */
    public <T> T locked(Locked<T> work) throws IOException, EngineException {
        try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            return work.run();
        }
    }

    /**
     * Records a new container, refusing a name in use. Call under {@link #locked}.
     *
     * @throws EngineException when the name is taken
     */
    public void add(EngineContainer c) throws IOException, EngineException {
        for (EngineContainer other : list()) {
            if (other.name().equals(c.name())) {
                throw new EngineException("run", c.name(), "the name is already in use by container "
                        + other.shortId() + "; remove it or choose another name");
            }
        }
        Files.createDirectories(dir(c.id()));
        save(c);
    }

    /** Replaces the record of {@code c} (atomically). */
    public void save(EngineContainer c) throws IOException {
        Path dir = dir(c.id());
        Path temp = Files.createTempFile(dir, ".container-", ".json");
        try {
            JSON.writeValue(temp.toFile(), c);
            Files.move(temp, dir.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Every recorded container, oldest first. */
    public List<EngineContainer> list() throws IOException {
        List<EngineContainer> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                if (!ID.matcher(d.getFileName().toString()).matches()) {
                    continue;
                }
                try {
                    out.add(JSON.readValue(d.resolve(RECORD).toFile(), EngineContainer.class));
                } catch (NoSuchFileException | java.io.FileNotFoundException e) {
                    // being created or removed right now
                } catch (IOException e) {
                    throw new IOException("reading " + d.resolve(RECORD) + " failed: " + e.getMessage(), e);
                }
            }
        }
        out.sort(Comparator.comparing(EngineContainer::created, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    /**
     * The container a user means (name, id or unique id prefix).
     *
     * @throws NoSuchContainerException when none matches
     */
    public EngineContainer resolve(String nameOrId) throws IOException, EngineException {
        List<EngineContainer> all = list();
        ContainerNames.Entry e = ContainerNames.resolve(nameOrId,
                all.stream().map(c -> new ContainerNames.Entry(c.id(), c.name())).toList());
        return all.stream().filter(c -> c.id().equals(e.id())).findFirst().orElseThrow();
    }

    /** Deletes the container's directory and everything in it. */
    public void remove(String id) throws IOException {
        Path dir = dir(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The container's record as JSON, for {@code inspect}. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
