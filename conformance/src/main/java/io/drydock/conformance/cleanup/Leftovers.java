package io.drydock.conformance.cleanup;

import io.drydock.conformance.Bundle;
import io.drydock.conformance.Harness;
import io.drydock.conformance.HostCgroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a container left on the host after it was deleted: mounts, cgroups, state, processes. */
final class Leftovers {
    private Leftovers() {}

    /** Everything of container {@code id} with bundle {@code b} still on the host, one line each. */
    static List<String> of(Harness h, String id, Bundle b) throws IOException {
        List<String> left = new ArrayList<>();
        String rootfs = b.rootfs().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(rootfs) || line.contains(b.dir().toString() + "/")) {
                left.add("mount: " + line);
            }
        }
        for (Path hierarchy : HostCgroups.mountPoints()) {
            Path dir = hierarchy.resolve(h.cgroupsPath(id).substring(1));
            if (Files.exists(dir)) {
                left.add("cgroup: " + dir);
            }
        }
        if (Files.exists(h.stateRoot().resolve(id))) {
            left.add("state: " + h.stateRoot().resolve(id));
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readSymbolicLink(p.resolve("root")).toString().startsWith(rootfs)) {
                        left.add("process: " + p.getFileName() + " (" + Files.readString(p.resolve("comm")).strip() + ")");
                    }
                } catch (IOException gone) {
                    // The process ended while we looked, or is a kernel thread we may not read.
                }
            }
        }
        return left;
    }
}
