package io.drydock.runtime.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** {@link CgroupFiles} on the real cgroupfs. */
final class KernelCgroupFiles implements CgroupFiles {
    @Override
    public String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    @Override
    public void write(Path file, String value) throws IOException {
        // No CREATE: cgroupfs files exist or the controller is absent; creating one would hide that.
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII),
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        // Files.delete on a directory is rmdir(2), which cgroupfs accepts despite the listed files.
        Files.delete(dir);
    }

    @Override
    public List<Path> subdirectories(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    /**
     * kernfs keeps a directory's link count at 2 plus its subdirectories, as classic Unix
     * filesystems do, so one stat(2) answers without listing the interface files.
     */
    @Override
    public boolean hasSubdirectories(Path dir) throws IOException {
        return ((Number) Files.getAttribute(dir, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() > 2;
    }
}
