package io.drydock.bench;

import io.drydock.platform.Platforms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks {@code drydock bench} runs, and on which platforms this host can run each: a
 * platform whose binary or service is missing is left out with the reason, never faked.
 */
public final class BenchmarkCatalog {
    private BenchmarkCatalog() {}

    /**
     * One benchmark run.
     *
     * @param name      short name (what --only takes)
     * @param include   JMH include regex
     * @param platforms the platforms it runs on here
     * @param params    JMH @Param overrides
     */
    public record Entry(String name, String include, List<String> platforms, Map<String, List<String>> params) {}

    /** A benchmark or platform left out, and why. */
    public record Skipped(String name, String reason) {}

    /** What runs here, in order; {@code only} (short names) filters when not empty. */
    public static List<Entry> runnableHere(List<String> only) {
        List<Entry> out = new ArrayList<>();
        List<String> startup = new ArrayList<>();
        for (String p : Platforms.CONTAINER_PLATFORMS) {
            if (unavailable(p) == null) {
                startup.add(p);
            }
        }
        add(out, only, "startup", StartupBenchmark.class, startup);
        // Network: host, containers and, where VMs boot, a VM on the same bridge.
        List<String> network = new ArrayList<>(List.of("host", "drydock", "drydock-hostnet"));
        if (vmUnavailable() == null) {
            network.add("vm");
        }
        add(out, only, "network", NetworkBenchmark.class, network);
        if (networkToolsMissing() == null) {
            add(out, only, "network-app", NetworkAppBenchmark.class, network);
        }
        // These carry their own platform lists (drydock's engine and the host: nothing optional).
        addOwn(out, only, "disk", DiskFootprintBenchmark.class, List.of("drydock"));
        if (vmUnavailable() == null && (only.isEmpty() || only.contains("disk"))) {
            // The VM side of copy-on-write: one guest, next to the containers' per-instance figures.
            Map<String, List<String>> params = new LinkedHashMap<>();
            params.put("platform", List.of("vm"));
            params.put("containers", List.of("1"));
            out.add(new Entry("disk-vm", "^" + DiskFootprintBenchmark.class.getName().replace(".", "\\.") + "\\.", List.of("vm"), params));
        }
        addOwn(out, only, "build", BuildBenchmark.class, List.of("drydock"));
        if (vmUnavailable() == null) {
            addOwn(out, only, "boot", BootBenchmark.class, List.of("vm", "qemu"));
        }
        addWorkloads(out, only);
        return out;
    }

    /**
     * The workload matrix: CPU, memory, disk I/O and density on the host, drydock, the peers and a
     * VM, each where this host has it. Density runs VMs at fewer instances (a guest holds its memory).
     */
    private static void addWorkloads(List<Entry> out, List<String> only) {
        List<String> platforms = new ArrayList<>();
        for (String p : WorkloadFixture.PLATFORMS) {
            if (p.equals("vm") ? vmUnavailable() == null : unavailable(p) == null) {
                platforms.add(p);
            }
        }
        // disk-io before cpu and memory: its first three forks take about six minutes, and a time
        // budget's share taken after them left nothing for its goal's reruns.
        add(out, only, "disk-io", DiskIoBenchmark.class, platforms);
        add(out, only, "cpu", CpuBenchmark.class, platforms);
        add(out, only, "memory", MemoryBenchmark.class, platforms);
        List<String> containers = platforms.stream().filter(p -> !p.equals("vm")).toList();
        addDensity(out, only, "density", containers, List.of("1", "10", "50"));
        if (platforms.contains("vm")) {
            addDensity(out, only, "density-vm", List.of("vm"), List.of("1", "4"));
        }
    }

    private static void addDensity(List<Entry> out, List<String> only, String name, List<String> platforms, List<String> counts) {
        if ((only.isEmpty() || only.contains(name) || only.contains("density")) && !platforms.isEmpty()) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            params.put("platform", platforms);
            params.put("instances", counts);
            out.add(new Entry(name, "^" + DensityBenchmark.class.getName().replace(".", "\\.") + "\\.", platforms, params));
        }
    }

    /** Platforms that are left out here, with the reason. */
    public static List<Skipped> skippedHere(List<String> only) {
        List<Skipped> out = new ArrayList<>();
        if (only.isEmpty() || only.contains("startup")) {
            for (String p : Platforms.CONTAINER_PLATFORMS) {
                String why = unavailable(p);
                if (why != null) {
                    out.add(new Skipped("startup/" + p, why));
                }
            }
        }
        if ((only.isEmpty() || only.contains("boot")) && vmUnavailable() != null) {
            out.add(new Skipped("boot", vmUnavailable()));
        }
        for (String w : List.of("cpu", "memory", "disk-io", "density")) {
            if (!only.isEmpty() && !only.contains(w)) {
                continue;
            }
            for (String p : WorkloadFixture.PLATFORMS) {
                String why = p.equals("vm") ? vmUnavailable() : unavailable(p);
                if (why != null) {
                    out.add(new Skipped(w + "/" + p, why));
                }
            }
        }
        for (String n : List.of("network", "network-app")) {
            if ((only.isEmpty() || only.contains(n)) && vmUnavailable() != null) {
                out.add(new Skipped(n + "/vm", vmUnavailable()));
            }
        }
        if ((only.isEmpty() || only.contains("network-app")) && networkToolsMissing() != null) {
            out.add(new Skipped("network-app", networkToolsMissing()));
        }
        return out;
    }

    /** Why VMs cannot be booted here (no QEMU, no libvirtd answering), or null. */
    static String vmUnavailable() {
        if (Platforms.onPath("qemu-system-x86_64").isEmpty()) {
            return "qemu-system-x86_64 is not installed (scripts/setup --vm)";
        }
        if (!java.nio.file.Files.exists(java.nio.file.Path.of("/run/libvirt/libvirt-sock"))) {
            return "libvirtd is not running (scripts/libvirt start)";
        }
        return null;
    }

    /** Which of the host's iperf3 and Redis programs (client and host-side server) is missing, or null. */
    static String networkToolsMissing() {
        for (String tool : List.of("iperf3", "redis-server", "redis-benchmark")) {
            if (Platforms.onPath(tool).isEmpty()) {
                return tool + " is not installed (scripts/setup installs it)";
            }
        }
        return null;
    }

    private static void add(List<Entry> out, List<String> only, String name, Class<?> bench, List<String> platforms) {
        if ((only.isEmpty() || only.contains(name)) && !platforms.isEmpty()) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            params.put("platform", platforms);
            out.add(new Entry(name, "^" + bench.getName().replace(".", "\\.") + "\\.", platforms, params));
        }
    }

    private static void addOwn(List<Entry> out, List<String> only, String name, Class<?> bench, List<String> platforms) {
        if (only.isEmpty() || only.contains(name)) {
            out.add(new Entry(name, "^" + bench.getName().replace(".", "\\.") + "\\.", platforms, Map.of()));
        }
    }

    /** Why a platform cannot run here, or null if it can. */
    static String unavailable(String platform) {
        return switch (platform) {
            case "drydock-runc", "drydock-runc-daemon" -> Platforms.drydockRunc().isPresent() ? null
                : "bin/drydock-runc not found (run through ./drydock, which sets -D" + Platforms.HOME_PROPERTY + ")";
            case "runc", "crun" -> Platforms.onPath(platform).isPresent() ? null : platform + " is not installed";
            case "unshare" -> Platforms.onPath("unshare").isPresent() ? null : "unshare(1) is not installed";
            default -> null;
        };
    }
}
