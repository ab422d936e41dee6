package io.drydock.runtime.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fake host under a temporary directory: a mountinfo file and the cgroup hierarchies it names,
 * with the root interface files a kernel would show, plus the {@link FixtureCgroupFiles} that
 * plays the kernel for the managers.
 */
final class CgroupFixture {
    final Path root;
    final Path cgroupRoot;
    final Path mountinfo;
    final FixtureCgroupFiles files = new FixtureCgroupFiles();
    private final StringBuilder lines = new StringBuilder();
    private int nextId = 30;

    private CgroupFixture(Path tmp) {
        this.root = tmp;
        this.cgroupRoot = tmp.resolve("sys/fs/cgroup");
        this.mountinfo = tmp.resolve("mountinfo");
        line("/", tmp.resolve("rootfs"), "ext4", "/dev/sda1", "rw");
    }

    /** Like this development machine: v1 controllers (cpu and cpuacct apart) and v2 at /unified. */
    static CgroupFixture hybrid(Path tmp, String... v2Controllers) {
        CgroupFixture f = new CgroupFixture(tmp);
        f.tmpfs();
        for (String c : List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids")) {
            f.v1(c, c);
        }
        f.namedV1("systemd");
        f.v2("unified", v2Controllers);
        return f.write();
    }

    /** A v1-only host with cpu,cpuacct co-mounted, as older distributions did. */
    static CgroupFixture legacy(Path tmp, String... controllers) {
        CgroupFixture f = new CgroupFixture(tmp);
        f.tmpfs();
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String c : controllers) {
            if (c.equals("cpu") || c.equals("cpuacct")) {
                mounts.put("cpu,cpuacct", "cpu,cpuacct");
            } else {
                mounts.put(c, c);
            }
        }
        mounts.forEach(f::v1);
        f.namedV1("systemd");
        return f.write();
    }

    /** A pure cgroup v2 host offering {@code controllers} at the root. */
    static CgroupFixture unified(Path tmp, String... controllers) {
        CgroupFixture f = new CgroupFixture(tmp);
        f.v2("", controllers);
        return f.write();
    }

    /** A host with no cgroup mounts at all. */
    static CgroupFixture none(Path tmp) {
        CgroupFixture f = new CgroupFixture(tmp);
        f.line("/", tmp.resolve("proc"), "proc", "proc", "rw");
        return f.write();
    }

    CgroupLayout layout() {
        try {
            return CgroupLayout.detect(mountinfo);
        } catch (CgroupException e) {
            throw new IllegalStateException(e);
        }
    }

    CgroupV1Manager v1Manager() {
        return new CgroupV1Manager(layout(), files);
    }

    CgroupV2Manager v2Manager() {
        return new CgroupV2Manager(layout(), files);
    }

    /** The mount point of a hierarchy, e.g. {@code mount("memory")} or {@code mount("unified")}. */
    Path mount(String name) {
        return name.isEmpty() ? cgroupRoot : cgroupRoot.resolve(name);
    }

    /** Writes {@code content} to a file relative to a cgroup dir, creating the dir (test seeding). */
    void seed(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void tmpfs() {
        line("/", cgroupRoot, "tmpfs", "tmpfs", "rw,mode=755");
        mkdirs(cgroupRoot);
    }

    private void v1(String dirName, String controllers) {
        Path mount = cgroupRoot.resolve(dirName);
        mkdirs(mount);
        Set<String> set = new LinkedHashSet<>(List.of(controllers.split(",")));
        try {
            FixtureCgroupFiles.populateV1(mount, set, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.addV1Mount(mount, set);
        line("/", mount, "cgroup", "cgroup", "rw," + controllers);
    }

    private void namedV1(String name) {
        Path mount = cgroupRoot.resolve(name);
        mkdirs(mount);
        line("/", mount, "cgroup", "cgroup", "rw,xattr,name=" + name);
    }

    private void v2(String dirName, String... controllers) {
        Path mount = dirName.isEmpty() ? cgroupRoot : cgroupRoot.resolve(dirName);
        mkdirs(mount);
        try {
            FixtureCgroupFiles.populateV2(mount, new LinkedHashSet<>(List.of(controllers)), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.setV2Mount(mount);
        line("/", mount, "cgroup2", "cgroup2", "rw,nsdelegate");
    }

    private void line(String fsRoot, Path mountPoint, String type, String source, String superOptions) {
        int id = nextId++;
        lines.append(id).append(' ').append(id == 30 ? 1 : 30).append(" 0:").append(id).append(' ')
            .append(fsRoot).append(' ').append(mountPoint.toString().replace(" ", "\\040"))
            .append(" rw,nosuid,nodev,noexec,relatime shared:").append(id).append(" - ")
            .append(type).append(' ').append(source).append(' ').append(superOptions).append('\n');
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CgroupFixture write() {
        try {
            Files.createDirectories(root);
            Files.writeString(mountinfo, lines.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
