package io.drydock.runtime.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@link CgroupFiles} over a fixture tree in a temporary directory that plays the kernel's part:
 * mkdir fills a new cgroup with the interface files of its hierarchy's controllers, writes to
 * cgroup.subtree_control / cgroup.procs / cgroup.freeze have their kernel effects, rmdir removes a
 * directory that still lists its files, and a write to a missing file fails as on cgroupfs.
 * Every write is recorded, in order, for assertions.
 */
final class FixtureCgroupFiles implements CgroupFiles {
    /** One write(2) to an interface file. */
    record Write(Path file, String value) {}

    private final Map<Path, Set<String>> v1Mounts = new LinkedHashMap<>();
    private Path v2Mount;
    private final List<Write> writes = new ArrayList<>();
    private final Map<Path, String> failures = new HashMap<>();
    private final CgroupFiles real = new KernelCgroupFiles();

    void addV1Mount(Path mount, Set<String> controllers) {
        v1Mounts.put(mount, controllers);
    }

    void setV2Mount(Path mount) {
        this.v2Mount = mount;
    }

    /** Every write so far, in order. */
    List<Write> writes() {
        return List.copyOf(writes);
    }

    /** Writes whose file lies under {@code dir}, in order. */
    List<Write> writesUnder(Path dir) {
        return writes.stream().filter(w -> w.file().startsWith(dir)).toList();
    }

    void clearWrites() {
        writes.clear();
    }

    /** Makes every later write to {@code file} fail with errno text {@code reason}. */
    void failWritesTo(Path file, String reason) {
        failures.put(file, reason);
    }

    @Override
    public String read(Path file) throws IOException {
        return real.read(file);
    }

    @Override
    public void write(Path file, String value) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (failures.containsKey(file)) {
            throw new FileSystemException(file.toString(), null, failures.get(file));
        }
        writes.add(new Write(file, value));
        String name = file.getFileName().toString();
        switch (name) {
            case "cgroup.procs", "tasks" -> Files.writeString(file, Files.readString(file) + value + "\n");
            case "cgroup.subtree_control" -> changeSubtreeControl(file, value);
            case "cgroup.freeze" -> {
                Files.writeString(file, value + "\n");
                Files.writeString(file.resolveSibling("cgroup.events"), "populated 0\nfrozen " + value.strip() + "\n");
            }
            default -> Files.writeString(file, value + "\n");
        }
    }

    private void changeSubtreeControl(Path file, String value) throws IOException {
        Set<String> enabled = words(file);
        Set<String> available = words(file.resolveSibling("cgroup.controllers"));
        for (String token : value.strip().split("\\s+")) {
            String c = token.substring(1);
            if (!available.contains(c)) {
                throw new FileSystemException(file.toString(), null, "No such file or directory");
            }
            if (token.startsWith("+")) {
                enabled.add(c);
            } else {
                enabled.remove(c);
            }
        }
        Files.writeString(file, String.join(" ", enabled) + "\n");
        for (Path child : subdirectories(file.getParent())) {
            Files.writeString(child.resolve("cgroup.controllers"), String.join(" ", enabled) + "\n");
            for (String c : enabled) {
                writeMissing(child, v2ControllerFiles(c));
            }
        }
    }

    @Override
    public boolean isDirectory(Path path) {
        return real.isDirectory(path);
    }

    @Override
    public boolean exists(Path path) {
        return real.exists(path);
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        real.mkdir(dir);
        for (Map.Entry<Path, Set<String>> m : v1Mounts.entrySet()) {
            if (dir.startsWith(m.getKey())) {
                populateV1(dir, m.getValue(), false);
                return;
            }
        }
        if (v2Mount != null && dir.startsWith(v2Mount)) {
            Set<String> enabled = words(dir.getParent().resolve("cgroup.subtree_control"));
            populateV2(dir, enabled, false);
        }
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(dir.toString());
        }
        if (!subdirectories(dir).isEmpty()) {
            throw new DirectoryNotEmptyException(dir.toString());
        }
        // As cgroupfs: a cgroup with member processes refuses rmdir(2) with EBUSY.
        Path procs = dir.resolve("cgroup.procs");
        if (Files.exists(procs) && !Files.readString(procs).isBlank()) {
            throw new java.nio.file.FileSystemException(dir.toString(), null, "Device or resource busy");
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Override
    public List<Path> subdirectories(Path dir) throws IOException {
        return real.subdirectories(dir);
    }

    /** Interface files of a v1 cgroup (root = true adds the root's populated cpuset). */
    static void populateV1(Path dir, Set<String> controllers, boolean root) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("cgroup.procs", "");
        files.put("tasks", "");
        String unlimited = "9223372036854771712";
        for (String c : controllers) {
            switch (c) {
                case "memory" -> {
                    files.put("memory.limit_in_bytes", unlimited);
                    files.put("memory.memsw.limit_in_bytes", unlimited);
                    files.put("memory.soft_limit_in_bytes", unlimited);
                    files.put("memory.swappiness", "60");
                    files.put("memory.usage_in_bytes", "0");
                    files.put("memory.max_usage_in_bytes", "0");
                    files.put("memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0");
                }
                case "cpu" -> {
                    files.put("cpu.shares", "1024");
                    files.put("cpu.cfs_period_us", "100000");
                    files.put("cpu.cfs_quota_us", "-1");
                    files.put("cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0");
                }
                case "cpuacct" -> files.put("cpuacct.usage", "0");
                case "cpuset" -> {
                    files.put("cpuset.cpus", root ? "0-3" : "");
                    files.put("cpuset.mems", root ? "0" : "");
                }
                case "pids" -> {
                    if (!root) {
                        files.put("pids.max", "max");
                    }
                    files.put("pids.current", "0");
                }
                case "freezer" -> {
                    if (!root) {
                        files.put("freezer.state", "THAWED");
                    }
                }
                default -> { }
            }
        }
        writeMissing(dir, files);
    }

    /** Interface files of a v2 cgroup whose parent enabled {@code enabled}. */
    static void populateV2(Path dir, Set<String> enabled, boolean root) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("cgroup.procs", "");
        files.put("cgroup.subtree_control", "");
        files.put("cgroup.controllers", String.join(" ", enabled));
        files.put("cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0");
        if (!root) {
            files.put("cgroup.freeze", "0");
            files.put("cgroup.events", "populated 0\nfrozen 0");
            for (String c : enabled) {
                files.putAll(v2ControllerFiles(c));
            }
        }
        writeMissing(dir, files);
    }

    static Map<String, String> v2ControllerFiles(String controller) {
        Map<String, String> files = new LinkedHashMap<>();
        switch (controller) {
            case "memory" -> {
                files.put("memory.max", "max");
                files.put("memory.high", "max");
                files.put("memory.low", "0");
                files.put("memory.swap.max", "max");
                files.put("memory.current", "0");
                files.put("memory.peak", "0");
                files.put("memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0");
            }
            case "cpu" -> {
                files.put("cpu.weight", "100");
                files.put("cpu.max", "max 100000");
            }
            case "cpuset" -> {
                files.put("cpuset.cpus", "");
                files.put("cpuset.mems", "");
            }
            case "pids" -> {
                files.put("pids.max", "max");
                files.put("pids.current", "0");
            }
            case "io" -> files.put("io.max", "");
            default -> { }
        }
        return files;
    }

    private static void writeMissing(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            if (!Files.exists(p)) {
                Files.writeString(p, f.getValue().isEmpty() ? "" : f.getValue() + "\n");
            }
        }
    }

    private static Set<String> words(Path file) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        if (Files.exists(file)) {
            for (String w : Files.readString(file).strip().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }
}
