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
 * The engine's containers on disk: one record per container, {@code <root>/<id>.json}, and its log,
 * {@code <root>/<id>.log}, and nothing else: what a container needs only while it exists (bundle,
 * etc files, runtime state) lives under the engine's state root, so that a container costs the
 * disk one small file beside its own writes. Records of earlier versions
 * ({@code <root>/<id>/container.json} with {@code container.log} beside it) are still read, saved
 * and removed. Names are reserved under a file lock so that two {@code run}s cannot take the same
 * one.
 */
public final class ContainerCatalog {
    private static final String JSON_SUFFIX = ".json";
    private static final String LOG_SUFFIX = ".log";
    private static final String LEGACY_RECORD = "container.json";
    private static final String LEGACY_LOG = "container.log";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}"); // as ContainerNames.checkId
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;

    /** A catalog under {@code root} (created if missing). */
    public ContainerCatalog(Path root) throws IOException {
        this.root = Objects.requireNonNull(root, "root");
        Files.createDirectories(root);
    }

    /** The file holding the record of container {@code id}. */
    public Path recordFile(String id) {
        Path legacy = legacyDir(id);
        return Files.isDirectory(legacy) ? legacy.resolve(LEGACY_RECORD) : root.resolve(id + JSON_SUFFIX);
    }

    /** The log file of container {@code id} (its stdout and stderr when detached). */
    public Path logFile(String id) {
        Path legacy = legacyDir(id);
        return Files.isDirectory(legacy) ? legacy.resolve(LEGACY_LOG) : root.resolve(id + LOG_SUFFIX);
    }

    private Path legacyDir(String id) {
        return root.resolve(ContainerNames.checkId(id));
    }

    /** Work done while holding the catalog lock. */
    public interface Locked<T> {
        T run() throws IOException, EngineException;
    }

    /**
     * Runs {@code work} holding the catalog's lock: a file lock, so that other drydock processes
     * wait, and an in-process lock first, as a JVM holds a file lock for all of its threads (a
     * second thread would fail with OverlappingFileLockException, not wait: the daemon's request
     * threads). Reentrant: nested calls in one thread run under the lock already held.
     */
    public <T> T locked(Locked<T> work) throws IOException, EngineException {
        // One lock per catalog root for the whole JVM (several engines of one JVM may share a root).
        java.util.concurrent.locks.ReentrantLock inProcess = JVM_LOCKS.computeIfAbsent(
                root.toAbsolutePath().normalize(), r -> new java.util.concurrent.locks.ReentrantLock());
        inProcess.lock();
        try {
            if (inProcess.getHoldCount() > 1) {
                return work.run();
            }
            try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return work.run();
            }
        } finally {
            inProcess.unlock();
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<Path, java.util.concurrent.locks.ReentrantLock> JVM_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

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
        write(c, recordFile(c.id()));
    }

    /**
     * Replaces the record of {@code c} (atomically: written beside it, then renamed over it).
     *
     * @throws NoSuchFileException when it has no record (removed meanwhile, say by {@code rm} in
     *                             another process: saving must not bring it back)
     */
    public void save(EngineContainer c) throws IOException {
        Path record = recordFile(c.id());
        if (!Files.exists(record)) {
            throw new NoSuchFileException(record.toString(), null, "container " + c.name() + " has no record (removed?)");
        }
        write(c, record);
    }

    private static void write(EngineContainer c, Path record) throws IOException {
        Path temp = Files.createTempFile(record.getParent(), ".container-", ".tmp");
        try {
            JSON.writeValue(temp.toFile(), c);
            Files.move(temp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Every recorded container, oldest first. */
    public List<EngineContainer> list() throws IOException {
        List<EngineContainer> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Path record;
                if (name.endsWith(JSON_SUFFIX) && ID.matcher(name.substring(0, name.length() - JSON_SUFFIX.length())).matches()) {
                    record = entry;
                } else if (ID.matcher(name).matches()) {
                    record = entry.resolve(LEGACY_RECORD);
                } else {
                    continue;
                }
                try {
                    out.add(JSON.readValue(record.toFile(), EngineContainer.class));
                } catch (NoSuchFileException | java.io.FileNotFoundException e) {
                    // being created or removed right now
                } catch (IOException e) {
                    throw new IOException("reading " + record + " failed: " + e.getMessage(), e);
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

    /** Deletes the container's record and log (and its directory, for a record of an earlier version). */
    public void remove(String id) throws IOException {
        Path dir = legacyDir(id);
        Files.deleteIfExists(root.resolve(id + LOG_SUFFIX));
        Files.deleteIfExists(root.resolve(id + JSON_SUFFIX));
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
