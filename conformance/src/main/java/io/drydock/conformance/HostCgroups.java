package io.drydock.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The host's cgroup file systems as the suite needs them: the mode (v1, v2 or hybrid, reported on
 * the certificate as the mode the resource tests ran on) and the directory of a process's cgroup
 * for a controller, to read back what a runtime configured.
 */
public final class HostCgroups {
    private HostCgroups() {}

    /** One mounted cgroup hierarchy: its mount point, v2 or not, and its v1 controllers. */
    record Hierarchy(Path mountPoint, boolean v2, List<String> controllers) {}

    /** "v2", "v1", "hybrid" (v1 controllers beside an empty cgroup2 mount) or "none". */
    public static String mode() {
        List<Hierarchy> all = hierarchies();
        boolean v1 = all.stream().anyMatch(h -> !h.v2());
        boolean v2 = all.stream().anyMatch(Hierarchy::v2);
        if (v1 && v2) {
            return "hybrid";
        }
        return v1 ? "v1" : v2 ? "v2" : "none";
    }

    /** True on a hybrid host. */
    public static boolean isHybrid() {
        return mode().equals("hybrid");
    }

    /** True when the controller is on a v1 hierarchy (else it is on v2, or absent). */
    public static boolean isV1(String controller) {
        return hierarchies().stream().anyMatch(h -> !h.v2() && h.controllers().contains(controller));
    }

    /** The mounted hierarchies, from /proc/self/mountinfo. */
    static List<Hierarchy> hierarchies() {
        try {
            return parse(Files.readString(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<Hierarchy> parse(String mountinfo) {
        return mountinfo.lines().map(line -> {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                return null;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                return null;
            }
            if (right[0].equals("cgroup2")) {
                return new Hierarchy(Path.of(left[4]), true, List.of());
            }
            if (right[0].equals("cgroup")) {
                return new Hierarchy(Path.of(left[4]), false, Arrays.asList(right[2].split(",")));
            }
            return null;
        }).filter(h -> h != null).toList();
    }

    /**
     * The directory of {@code pid}'s cgroup for {@code controller} (e.g. "memory", "cpu", "pids"),
     * on v1 the controller's hierarchy, on v2 the unified one.
     */
    public static Optional<Path> dirOf(long pid, String controller) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"));
        List<Hierarchy> all = hierarchies();
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            String rel = f[2].startsWith("/") ? f[2].substring(1) : f[2];
            if (Arrays.asList(f[1].split(",")).contains(controller)) {
                Optional<Hierarchy> h = all.stream().filter(x -> !x.v2() && x.controllers().contains(controller)).findFirst();
                if (h.isPresent()) {
                    return Optional.of(h.get().mountPoint().resolve(rel));
                }
            }
        }
        if (!isV1(controller)) {
            for (String line : lines) {
                if (line.startsWith("0::")) {
                    Optional<Hierarchy> v2 = all.stream().filter(Hierarchy::v2)
                        .filter(h -> h.mountPoint().equals(Path.of("/sys/fs/cgroup"))).findFirst()
                        .or(() -> all.stream().filter(Hierarchy::v2).findFirst());
                    String rel = line.substring(3).startsWith("/") ? line.substring(4) : line.substring(3);
                    return v2.map(h -> h.mountPoint().resolve(rel));
                }
            }
        }
        return Optional.empty();
    }

    /** Every hierarchy's mount point, for looking for a cgroup a runtime left behind. */
    public static List<Path> mountPoints() {
        return hierarchies().stream().map(Hierarchy::mountPoint).distinct().toList();
    }
}
