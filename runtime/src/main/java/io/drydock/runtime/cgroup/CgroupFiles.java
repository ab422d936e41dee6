package io.drydock.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The few file operations the managers do on cgroupfs. The kernel implementation is plain NIO;
 * unit tests pass one that also records writes and plays the kernel's part (filling a new
 * directory with its interface files, letting rmdir remove a directory that still lists them).
 */
interface CgroupFiles {
    /** Reads a whole interface file. */
    String read(Path file) throws IOException;

    /** Writes {@code value} to an existing interface file in one write(2), as the kernel expects. */
    void write(Path file, String value) throws IOException;

    boolean isDirectory(Path path);

    boolean exists(Path path);

    /** mkdir(2) of one directory; the kernel populates it with interface files. */
    void mkdir(Path dir) throws IOException;

    /** rmdir(2) of a cgroup directory (cgroupfs allows it while interface files are listed). */
    void rmdir(Path dir) throws IOException;

    /** The child cgroups (subdirectories) of {@code dir}. */
    List<Path> subdirectories(Path dir) throws IOException;

    /**
     * Whether {@code dir} has child cgroups: cheaper than {@link #subdirectories} on the kernel,
     * where listing a cgroup means a stat of each of its dozens of interface files.
     */
    default boolean hasSubdirectories(Path dir) throws IOException {
        return !subdirectories(dir).isEmpty();
    }
}
