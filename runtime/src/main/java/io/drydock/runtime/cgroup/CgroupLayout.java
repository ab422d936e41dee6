package io.drydock.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where this host's cgroup hierarchies are mounted, as read from a mountinfo file
 * (proc(5), {@code /proc/self/mountinfo}), and which controllers each offers.
 *
 * @param mode            the detected mode
 * @param v1Controllers   cgroup v1 controller name to the mount point of its hierarchy (co-mounted
 *                        controllers such as {@code cpu,cpuacct} share one mount point)
 * @param unifiedMount    the cgroup2 mount point, if any
 * @param v2Controllers   controllers listed in the cgroup2 root's {@code cgroup.controllers}
 * @param source          the mountinfo file this was read from, for error messages
 */
public record CgroupLayout(
        CgroupMode mode,
        Map<String, Path> v1Controllers,
        Optional<Path> unifiedMount,
        Set<String> v2Controllers,
        Path source) {

    /** The host's own mountinfo. */
    public static final Path HOST_MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** cgroup v1 controllers this runtime knows (named hierarchies like name=systemd are not controllers). */
    static final Set<String> V1_CONTROLLERS = Set.of(
        "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "net_prio", "blkio",
        "perf_event", "hugetlb", "pids", "rdma", "misc");

    public CgroupLayout {
        v1Controllers = Collections.unmodifiableMap(new LinkedHashMap<>(v1Controllers));
        v2Controllers = Collections.unmodifiableSet(new LinkedHashSet<>(v2Controllers));
        if (mode == null || unifiedMount == null || source == null) {
            throw new IllegalArgumentException("mode, unifiedMount and source must not be null");
        }
    }

    /** Detects the layout of the host this JVM runs on. */
    public static CgroupLayout detectHost() throws CgroupException {
        return detect(HOST_MOUNTINFO);
    }

    /**
     * Reads {@code mountinfo} and, if a cgroup2 hierarchy is mounted, its root's
     * {@code cgroup.controllers}.
     *
     * @throws CgroupException if the mountinfo file cannot be read or a line is malformed
     */
    public static CgroupLayout detect(Path mountinfo) throws CgroupException {
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo);
        } catch (IOException e) {
            throw new CgroupException("detect", mountinfo, null, e);
        }
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path unified = null;
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
            int sep = line.indexOf(" - ");
            String[] pre = (sep < 0 ? "" : line.substring(0, sep)).split(" ");
            String[] post = (sep < 0 ? "" : line.substring(sep + 3)).split(" ");
            if (sep < 0 || pre.length < 6 || post.length < 3) {
                throw new CgroupException("detect", mountinfo, "line " + lineNo + " is not a mountinfo line: \"" + line + "\"");
            }
            String fsType = post[0];
            Path mountPoint = Path.of(unescape(pre[4]));
            if (fsType.equals("cgroup2")) {
                if (unified == null) {
                    unified = mountPoint;
                }
            } else if (fsType.equals("cgroup")) {
                for (String option : post[2].split(",")) {
                    if (V1_CONTROLLERS.contains(option)) {
                        // The first mount of a hierarchy wins; later ones are bind mounts of it.
                        v1.putIfAbsent(option, mountPoint);
                    }
                }
            }
        }
        CgroupMode mode;
        if (!v1.isEmpty()) {
            mode = unified != null ? CgroupMode.HYBRID : CgroupMode.LEGACY;
        } else {
            mode = unified != null ? CgroupMode.UNIFIED : CgroupMode.NONE;
        }
        Set<String> v2 = new LinkedHashSet<>();
        if (unified != null) {
            Path controllers = unified.resolve("cgroup.controllers");
            try {
                for (String c : Files.readString(controllers).strip().split("\\s+")) {
                    if (!c.isEmpty()) {
                        v2.add(c);
                    }
                }
            } catch (NoSuchFileException e) {
                // A cgroup2 mount always has this file; without it there is nothing to enable.
            } catch (IOException e) {
                throw new CgroupException("detect", controllers, null, e);
            }
        }
        return new CgroupLayout(mode, v1, Optional.ofNullable(unified), v2, mountinfo);
    }

    /** The v1 hierarchy mount carrying {@code controller}, if mounted. */
    public Optional<Path> v1Mount(String controller) {
        return Optional.ofNullable(v1Controllers.get(controller));
    }

    /** Each distinct v1 controller hierarchy's mount point, once, in mountinfo order. */
    public List<Path> v1Hierarchies() {
        return new ArrayList<>(new LinkedHashSet<>(v1Controllers.values()));
    }

    /** One line for logs and result metadata, e.g. {@code "hybrid (v1: cpu memory ...; v2 at /sys/fs/cgroup/unified: hugetlb)"}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(mode.name().toLowerCase());
        List<String> parts = new ArrayList<>();
        if (!v1Controllers.isEmpty()) {
            parts.add("v1: " + String.join(" ", v1Controllers.keySet()));
        }
        unifiedMount.ifPresent(m -> parts.add("v2 at " + m + ": "
            + (v2Controllers.isEmpty() ? "no controllers" : String.join(" ", v2Controllers))));
        if (!parts.isEmpty()) {
            sb.append(" (").append(String.join("; ", parts)).append(')');
        }
        return sb.toString();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
