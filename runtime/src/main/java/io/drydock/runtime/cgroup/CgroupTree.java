package io.drydock.runtime.cgroup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Operations on cgroup directories and interface files shared by the v1 and v2 managers, each
 * turning an {@link IOException} into a {@link CgroupException} naming the file.
 */
final class CgroupTree {
    /** rmdir(2) answers EBUSY for a short while after the last task exits; retry this long. */
    private static final int RMDIR_ATTEMPTS = 50;
    /** How often a create walks the path again when a parent vanished under it. */
    private static final int MKDIR_ATTEMPTS = 5;
    private static final long RMDIR_PAUSE_MILLIS = 20;

    private final CgroupFiles files;

    CgroupTree(CgroupFiles files) {
        this.files = files;
    }

    CgroupFiles files() {
        return files;
    }

    boolean isDirectory(Path dir) {
        return files.isDirectory(dir);
    }

    boolean exists(Path file) {
        return files.exists(file);
    }

    /**
     * mkdir -p of {@code path} under {@code mount}; the directories it actually made are appended to
     * {@code created}, parents first, so that a failed create can undo exactly those.
     */
    void createDirectories(Path mount, CgroupPath path, List<Path> created) throws CgroupException {
        if (!files.isDirectory(mount)) {
            throw new CgroupException("create", mount, "hierarchy mount point is not a directory");
        }
        for (int attempt = 1; ; attempt++) {
            Path dir = mount;
            try {
                List<String> segments = path.segments();
                for (int i = 0; i < segments.size(); i++) {
                    dir = dir.resolve(segments.get(i));
                    // Parents usually exist (a check costs no exception); the leaf usually does
                    // not, so it is simply made.
                    if (i < segments.size() - 1 && files.isDirectory(dir)) {
                        continue;
                    }
                    try {
                        files.mkdir(dir);
                        created.add(dir);
                    } catch (FileAlreadyExistsException e) {
                        // Made concurrently by someone else is fine; a same-named interface file is not.
                        if (!files.isDirectory(dir)) {
                            throw new CgroupException("create", dir, "a file of that name exists and is not a cgroup", e);
                        }
                    }
                }
                return;
            } catch (NoSuchFileException e) {
                // A parent seen a moment ago was removed meanwhile (another runtime closing and
                // removing the empty shared parent): walk again and make it.
                if (attempt >= MKDIR_ATTEMPTS) {
                    throw new CgroupException("create", dir, reason(e), e);
                }
            } catch (IOException e) {
                throw new CgroupException("create", dir, reason(e), e);
            }
        }
    }

    /** Removes directories in reverse order of creation, attaching failures to {@code failure}. */
    void undoCreate(List<Path> created, Exception failure) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                rmdir(created.get(i));
            } catch (CgroupException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * One rmdir(2), no retry, no listing: true when {@code dir} is gone (or never was). The usual
     * delete finds an exited container's cgroup an empty leaf, and this is all it costs; false
     * (processes, children, EBUSY just after the last exit, any error) sends the caller down the
     * careful path, which reads cgroup.procs and reports.
     */
    boolean removeIfEmptyLeaf(Path dir) {
        try {
            files.rmdir(dir);
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** rmdir of {@code dir} and every cgroup below it, deepest first; absent is fine. */
    void removeTree(Path dir) throws CgroupException {
        if (!files.isDirectory(dir)) {
            return;
        }
        if (hasSubdirectories(dir)) {
            for (Path child : subdirectories(dir)) {
                removeTree(child);
            }
        }
        rmdir(dir);
    }

    private void rmdir(Path dir) throws CgroupException {
        for (int attempt = 1; ; attempt++) {
            try {
                files.rmdir(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (FileSystemException e) {
                if (attempt < RMDIR_ATTEMPTS && "Device or resource busy".equals(e.getReason())) {
                    pause(RMDIR_PAUSE_MILLIS);
                    continue;
                }
                throw new CgroupException("destroy", dir, reason(e), e);
            } catch (IOException e) {
                throw new CgroupException("destroy", dir, reason(e), e);
            }
        }
    }

    private boolean hasSubdirectories(Path dir) throws CgroupException {
        try {
            return files.hasSubdirectories(dir);
        } catch (IOException e) {
            throw new CgroupException("list", dir, reason(e), e);
        }
    }

    List<Path> subdirectories(Path dir) throws CgroupException {
        try {
            return files.subdirectories(dir);
        } catch (IOException e) {
            throw new CgroupException("list", dir, reason(e), e);
        }
    }

    /** The pids in {@code dir}'s cgroup.procs and in those of every cgroup below it. */
    void collectProcs(Path dir, TreeSet<Long> into) throws CgroupException {
        if (!files.isDirectory(dir)) {
            return;
        }
        Path procs = dir.resolve("cgroup.procs");
        for (String line : read(procs).split("\n")) {
            String s = line.strip();
            if (!s.isEmpty()) {
                try {
                    into.add(Long.parseLong(s));
                } catch (NumberFormatException e) {
                    throw new CgroupException("read", procs, "not a pid: \"" + s + "\"", e);
                }
            }
        }
        if (hasSubdirectories(dir)) {
            for (Path child : subdirectories(dir)) {
                collectProcs(child, into);
            }
        }
    }

    String read(Path file) throws CgroupException {
        try {
            return files.read(file);
        } catch (IOException e) {
            throw new CgroupException("read", file, reason(e), e);
        }
    }

    void write(Path file, String value) throws CgroupException {
        try {
            files.write(file, value);
        } catch (NoSuchFileException e) {
            throw new CgroupException("write", file, "writing \"" + value
                + "\" failed: no such file (controller not mounted or not enabled for this cgroup)", e);
        } catch (IOException e) {
            throw new CgroupException("write", file, "writing \"" + value + "\" failed: " + reason(e), e);
        }
    }

    /** A single-number file; {@code "max"} reads as {@link CgroupStats#UNLIMITED}; absent file → empty. */
    OptionalLong readNumber(Path file) throws CgroupException {
        if (!files.exists(file)) {
            return OptionalLong.empty();
        }
        String s = read(file).strip();
        if (s.equals("max")) {
            return OptionalLong.of(CgroupStats.UNLIMITED);
        }
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new CgroupException("read", file, "expected a number, got \"" + s + "\"", e);
        }
    }

    /** A flat-keyed file ("key value" per line, as memory.events, cpu.stat); absent file → empty map. */
    Map<String, Long> readKeyed(Path file) throws CgroupException {
        Map<String, Long> out = new HashMap<>();
        if (!files.exists(file)) {
            return out;
        }
        for (String line : read(file).split("\n")) {
            String[] kv = line.strip().split("\\s+");
            if (kv.length == 2) {
                try {
                    out.put(kv[0], Long.parseLong(kv[1]));
                } catch (NumberFormatException e) {
                    // Not every keyed file is all numbers; skip what is not.
                }
            }
        }
        return out;
    }

    /** Directories from the first segment below {@code mount} down to the cgroup itself. */
    static List<Path> levels(Path mount, CgroupPath path) {
        List<Path> out = new ArrayList<>();
        Path dir = mount;
        for (String segment : path.segments()) {
            dir = dir.resolve(segment);
            out.add(dir);
        }
        return out;
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static void pause(long millis) throws CgroupException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("wait", null, "interrupted", e);
        }
    }
}
