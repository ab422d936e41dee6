package io.drydock.runtime.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Containers' state under the runtime root ({@code --root}, default /run/drydock): one directory per
 * container holding state.json, the exec fifo and a copy of config.json. Creating the directory is
 * the atomic claim on an id.
 */
public final class StateStore {
    static final String STATE_FILE = "state.json";
    static final String FIFO = "exec.fifo";
    static final String CONFIG = "config.json";
    static final String INIT_ERRORS = "init-errors.jsonl";
    /**
     * The files a started container's directory holds (the fifo went at start, the temporary
     * record at its rename); anything else is found by listing.
     */
    private static final List<String> OWN_FILES = List.of(STATE_FILE, CONFIG, INIT_ERRORS);

    private static final ObjectMapper JSON = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();

    /** How many records {@link #find} remembers by their bytes (see there). */
    private static final int RECENT = 256;

    private final Path root;
    /**
     * The last bytes seen of each recent state.json with the record they parse to: a read that
     * finds the same bytes skips the parse. The file is still read every time, so a change by
     * another process (drydock-runc, a second runtime) is always seen.
     */
    private final Map<String, Known> recent = java.util.Collections.synchronizedMap(
        new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > RECENT;
            }
        });

    private record Known(byte[] bytes, ContainerRecord record) {
    }

    public StateStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    /** The directory of a container (whether or not it exists). */
    public Path dir(String id) {
        return root.resolve(id);
    }

    public Path execFifo(String id) {
        return dir(id).resolve(FIFO);
    }

    /** Where the init appends errors it meets after create returned (read by start). */
    public Path initErrorLog(String id) {
        return dir(id).resolve(INIT_ERRORS);
    }

    public Path savedConfig(String id) {
        return dir(id).resolve(CONFIG);
    }

    /** Claims an id by creating its directory; fails naming the id if it is already in use. */
    public void claim(String id) throws ContainerException {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
            }
            Files.createDirectory(dir(id), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        } catch (FileAlreadyExistsException e) {
            throw new ContainerException(id, "create", "id already in use (" + dir(id) + " exists)");
        } catch (IOException e) {
            throw new ContainerException(id, "create", "cannot create state dir " + dir(id) + ": " + e.getMessage(), e);
        }
    }

    /** Writes the record atomically (temp file + rename), so a reader never sees half a file. */
    public void save(ContainerRecord r) throws ContainerException {
        prepare(r).commit();
    }

    /**
     * Writes the record to a temporary file beside state.json; {@link PendingSave#commit} renames
     * it into place. Lets a caller do the writing while it waits for something else (create
     * writes the CREATED record while the init sets up) and publish the record only afterwards.
     * A pending save never committed is removed with the container's directory.
     */
    public PendingSave prepare(ContainerRecord r) throws ContainerException {
        Path tmp = dir(r.id()).resolve(STATE_FILE + ".tmp");
        try {
            byte[] bytes = encode(r);
            Files.write(tmp, bytes);
            return new PendingSave(r, bytes, tmp);
        } catch (IOException e) {
            throw new ContainerException(r.id(), null, "cannot write " + tmp + ": " + e.getMessage(), e);
        }
    }

    /** A record written to its temporary file, not yet in place. */
    public final class PendingSave {
        private final ContainerRecord record;
        private final byte[] bytes;
        private final Path tmp;

        private PendingSave(ContainerRecord record, byte[] bytes, Path tmp) {
            this.record = record;
            this.bytes = bytes;
            this.tmp = tmp;
        }

        /** Renames the temporary file over state.json: readers see the old record or this one. */
        public void commit() throws ContainerException {
            Path file = dir(record.id()).resolve(STATE_FILE);
            try {
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                recent.put(record.id(), new Known(bytes, record));
            } catch (IOException e) {
                throw new ContainerException(record.id(), null, "cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Loads a container's record; an unknown id is an error naming the id. */
    public ContainerRecord load(String id) throws ContainerException {
        return find(id).orElseThrow(() -> new ContainerException(id, null, "no such container under " + root));
    }

    public Optional<ContainerRecord> find(String id) throws ContainerException {
        Path file = dir(id).resolve(STATE_FILE);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Known known = recent.get(id);
            if (known != null && Arrays.equals(known.bytes(), bytes)) {
                return Optional.of(known.record());
            }
            ContainerRecord r = JSON.readValue(bytes, ContainerRecord.class);
            recent.put(id, new Known(bytes, r));
            return Optional.of(r);
        } catch (NoSuchFileException e) {
            recent.remove(id);
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw new ContainerException(id, null, "corrupt state file " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ContainerException(id, null, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Ids of every container directory under the root, sorted. */
    public List<String> ids() throws ContainerException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path p : ds) {
                ids.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new ContainerException(null, "list", "cannot list " + root + ": " + e.getMessage(), e);
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /** Removes a container's directory and everything in it. */
    public void remove(String id) throws ContainerException {
        recent.remove(id);
        Path dir = dir(id);
        try {
            // By name: no listing in the usual case.
            for (String name : OWN_FILES) {
                Files.deleteIfExists(dir.resolve(name));
            }
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (DirectoryNotEmptyException more) {
                // Something else was put there: remove whatever it is.
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (NoSuchFileException gone) {
            // Removed meanwhile (or never made): nothing left to do.
        } catch (IOException e) {
            throw new ContainerException(id, "delete", "cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The record as the JSON that {@link #find} reads back with the mapper, written field by field
     * with Jackson's streaming generator: a create saves twice, and the bean serializer's
     * reflection (plus a stat(2) per path for {@code Path.toUri}) cost a fresh JVM about 0.4 ms a
     * save. Paths are written as plain absolute paths, which the mapper reads as such.
     */
    static byte[] encode(ContainerRecord r) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
        try (com.fasterxml.jackson.core.JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("version", r.version());
            g.writeStringField("id", r.id());
            g.writeStringField("bundle", r.bundle().toString());
            if (r.rootfs() != null) {
                g.writeStringField("rootfs", r.rootfs().toString());
            } else {
                g.writeNullField("rootfs");
            }
            g.writeStringField("phase", r.phase().name());
            if (r.init() != null) {
                g.writeObjectFieldStart("init");
                g.writeNumberField("pid", r.init().pid());
                g.writeNumberField("startTime", r.init().startTime());
                g.writeEndObject();
            } else {
                g.writeNullField("init");
            }
            g.writeStringField("created", r.created().toString());
            if (r.cgroupPath() != null) {
                g.writeStringField("cgroupPath", r.cgroupPath());
            } else {
                g.writeNullField("cgroupPath");
            }
            g.writeObjectFieldStart("annotations");
            for (Map.Entry<String, String> e : r.annotations().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            if (r.cgroupPlacement() != null) {
                g.writeStringField("cgroupPlacement", r.cgroupPlacement().name());
            } else {
                g.writeNullField("cgroupPlacement");
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static ObjectMapper json() {
        return JSON;
    }
}
