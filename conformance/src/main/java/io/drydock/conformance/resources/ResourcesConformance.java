package io.drydock.conformance.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drydock.conformance.Area;
import io.drydock.conformance.Bundle;
import io.drydock.conformance.CommandResult;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.Container;
import io.drydock.conformance.Harness;
import io.drydock.conformance.HostCgroups;
import io.drydock.conformance.HostLacks;
import io.drydock.conformance.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Resource limits, on whichever cgroup mode the host has (the certificate names it): each
 * limit is read back from the container's cgroup and its effect measured inside.
 */
@Conformance(area = Area.RESOURCES)
public class ResourcesConformance {
    private static final long MEMORY_LIMIT = 32L << 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Path cgroupFile(Container c, String controller, String v1File, String v2File) throws IOException {
        Path dir = HostCgroups.dirOf(c.pid(), controller)
            .orElseThrow(() -> new AssertionError("the container's process is in no " + controller + " cgroup"));
        return dir.resolve(HostCgroups.isV1(controller) ? v1File : v2File);
    }

    private static boolean hasController(String controller) {
        return HostCgroups.isV1(controller) || HostCgroups.mode().equals("v2");
    }

    @Test
    @DisplayName("a memory limit is set on the container's cgroup")
    @Requirement(section = "runtime-spec: Config Linux, resources.memory.limit")
    void memoryLimit_isSetOnTheCgroup(Harness h) throws IOException {
        HostLacks.require(hasController("memory"), "a memory cgroup controller");
        Bundle b = h.shell("sleep 60");
        b.resources().putObject("memory").put("limit", MEMORY_LIMIT);
        Container c = h.create(b);
        Path f = cgroupFile(c, "memory", "memory.limit_in_bytes", "memory.max");
        assertEquals(Long.toString(MEMORY_LIMIT), Files.readString(f).strip(), "the limit in " + f);
    }

    @Test
    @DisplayName("a process allocating beyond the memory limit is OOM-killed")
    @Requirement(section = "runtime-spec: Config Linux, resources.memory.limit (enforced)")
    void memoryLimit_overAllocation_isOomKilled(Harness h) {
        HostLacks.require(hasController("memory"), "a memory cgroup controller");
        Bundle b = h.shell("x=$(head -c 100000000 /dev/zero | tr '\\000' a); echo survived ${#x}");
        b.resources().putObject("memory").put("limit", MEMORY_LIMIT).put("swap", MEMORY_LIMIT);
        CommandResult r = h.run(b);
        assertFalse(r.stdout().contains("survived"), () -> "100 MB were held under a 32 MiB limit: " + r.describe());
        assertNotEquals(0, r.exit(), () -> "the over-allocating container exited 0: " + r.describe());
    }

    @Test
    @DisplayName("a pids limit caps the number of processes")
    @Requirement(section = "runtime-spec: Config Linux, resources.pids.limit")
    void pidsLimit_capsTheProcesses(Harness h) {
        HostLacks.require(hasController("pids"), "a pids cgroup controller");
        // Forks in a subshell (busybox sh exits when a fork fails); counting uses no fork.
        Bundle b = h.shell("(for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do sleep 5 & done) 2>/dev/null; "
            + "n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo procs=$n");
        b.resources().putObject("pids").put("limit", 8);
        CommandResult r = h.run(b);
        String out = r.stdout();
        int at = out.indexOf("procs=");
        assertTrue(at >= 0, () -> "the script did not report: " + r.describe());
        int procs = Integer.parseInt(out.substring(at + 6).strip());
        assertTrue(procs <= 8, "the container ran " + procs + " processes under a pids limit of 8");
        assertTrue(procs >= 2, "the container could not fork at all under a pids limit of 8 (" + procs + " processes)");
    }

    @Test
    @DisplayName("a CPU quota is set on the cgroup and caps the measured usage")
    @Requirement(section = "runtime-spec: Config Linux, resources.cpu.quota and period")
    void cpuQuota_capsTheMeasuredUsage(Harness h) throws IOException {
        HostLacks.require(hasController("cpu"), "a cpu cgroup controller");
        // Busy for 2 s of wall time, then report the CPU ticks (USER_HZ = 100) the loop used.
        Bundle b = h.shell("while :; do :; done & sleep 2; set -- $(cat /proc/$!/stat); kill $!; "
            + "echo $((${14} + ${15})) > /ticks.tmp; mv /ticks.tmp /ticks");
        b.resources().putObject("cpu").put("quota", 20000).put("period", 100000);
        Container c = h.create(b);
        Path f = cgroupFile(c, "cpu", "cpu.cfs_quota_us", "cpu.max");
        String configured = Files.readString(f).strip();
        assertTrue(configured.equals("20000") || configured.equals("20000 100000"), "the quota in " + f + ": " + configured);
        c.started();
        assertTrue(Harness.awaitFile(c.file("ticks"), WAIT), "the busy loop did not report");
        double cpus = Long.parseLong(Files.readString(c.file("ticks")).strip()) / 100.0 / 2.0;
        assertTrue(cpus <= 0.2 * 1.5, "a loop under a quota of 0.2 CPU used " + cpus + " CPU");
    }

    @Test
    @DisplayName("a cpuset pins the process to the configured CPUs")
    @Requirement(section = "runtime-spec: Config Linux, resources.cpu.cpus and mems")
    void cpuset_pinsTheProcess(Harness h) {
        HostLacks.require(hasController("cpuset"), "a cpuset cgroup controller");
        HostLacks.require(Runtime.getRuntime().availableProcessors() >= 2, "two CPUs (a cpuset of one CPU out of one proves nothing)");
        Bundle b = h.bundle("grep", "Cpus_allowed_list", "/proc/self/status");
        b.resources().putObject("cpu").put("cpus", "0").put("mems", "0");
        CommandResult r = h.run(b);
        assertEquals(0, r.exit(), r::describe);
        assertEquals("0", r.stdout().substring(r.stdout().indexOf(':') + 1).strip(), "Cpus_allowed_list inside");
    }
}
