package io.drydock.results.machine;

import io.drydock.results.schema.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records the machine a run measures: {@code uname}, /proc/cpuinfo, /proc/meminfo, the cgroup
 * mounts in /proc/self/mountinfo, whether /dev/kvm is usable, and the versions of drydock, the JDK,
 * runc, crun, QEMU and libvirt. A tool that is missing is recorded as absent, never an error.
 * Files are read under a root directory so that tests can lay out fixtures.
 */
public final class MachineInfoCollector {
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)?(?:[-+~][0-9A-Za-z.+~-]*)?)");

    private final Path root;
    private final CommandRunner commands;
    private final String drydockVersion;
    private final String jdkVersion;

    /**
     * @param root           where /proc and /dev are ({@code /} on a real machine)
     * @param commands       runs uname and the tools' {@code --version}
     * @param drydockVersion the version of drydock itself
     * @param jdkVersion     the JDK the benchmarks ran on
     */
    public MachineInfoCollector(Path root, CommandRunner commands, String drydockVersion, String jdkVersion) {
        this.root = root;
        this.commands = commands;
        this.drydockVersion = drydockVersion;
        this.jdkVersion = jdkVersion;
    }

    /** A collector for this machine and this JVM, drydock's version taken from its jar manifest. */
    public static MachineInfoCollector forThisMachine() {
        String v = MachineInfoCollector.class.getPackage().getImplementationVersion();
        return new MachineInfoCollector(Path.of("/"), new ProcessCommandRunner(5_000),
                v == null ? "development" : v, Runtime.version().toString());
    }

    /** Collects the machine's description. */
    public MachineInfo collect() {
        String kernel = commands.run(List.of("uname", "-srm")).map(String::strip).filter(s -> !s.isEmpty())
                .orElseGet(() -> System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        String cpuinfo = read("proc/cpuinfo");
        String cpuModel = field(cpuinfo, "model name").or(() -> field(cpuinfo, "Hardware"))
                .or(() -> field(cpuinfo, "cpu model")).orElse(MachineInfo.UNKNOWN);
        int cpus = (int) cpuinfo.lines().filter(l -> l.matches("processor\\s*:.*")).count();
        if (cpus == 0) {
            cpus = Runtime.getRuntime().availableProcessors();
        }
        long memory = field(read("proc/meminfo"), "MemTotal")
                .map(s -> Long.parseLong(s.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
        TreeMap<String, String> versions = new TreeMap<>();
        versions.put("drydock", drydockVersion);
        versions.put("jdk", jdkVersion);
        versions.put("runc", version(List.of("runc", "--version")));
        versions.put("crun", version(List.of("crun", "--version")));
        versions.put("qemu", version(List.of("qemu-system-x86_64", "--version")));
        versions.put("libvirt", version(List.of("libvirtd", "--version")));
        return new MachineInfo(kernel, cpuModel, cpus, memory, cgroupMode(read("proc/self/mountinfo")),
                kvmUsable() ? "kvm" : "tcg", versions);
    }

    /**
     * The cgroup mode from mountinfo: {@code v2} when cgroup2 is mounted at /sys/fs/cgroup,
     * {@code hybrid} when v1 controllers are mounted beside a cgroup2 (at /sys/fs/cgroup/unified),
     * {@code v1} with v1 controllers only.
     */
    static String cgroupMode(String mountinfo) {
        boolean v1 = false;
        boolean v2 = false;
        boolean v2AtRoot = false;
        for (String line : mountinfo.lines().toList()) {
            // Fields: id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 1) {
                continue;
            }
            if (right[0].equals("cgroup2")) {
                v2 = true;
                v2AtRoot |= left[4].equals("/sys/fs/cgroup");
            } else if (right[0].equals("cgroup")) {
                v1 = true;
            }
        }
        if (v2AtRoot && !v1) {
            return "v2";
        }
        if (v1 && v2) {
            return "hybrid";
        }
        if (v1) {
            return "v1";
        }
        return v2 ? "v2" : MachineInfo.UNKNOWN;
    }

    /**
     * /dev/kvm opens for reading and writing, as QEMU needs it. Whether the kernel's KVM then
     * creates a VM is the VM driver's to find out: it can correct the record with
     * {@link MachineInfo#withVirtualization(String)} once it knows the domain type it used.
     */
    private boolean kvmUsable() {
        Path kvm = root.resolve("dev/kvm");
        try (var channel = java.nio.channels.FileChannel.open(kvm, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            return channel.isOpen();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private String version(List<String> command) {
        return commands.run(command).map(MachineInfoCollector::firstVersion).orElse(null);
    }

    /** The first dotted version number of a tool's banner, else its first line. */
    static String firstVersion(String banner) {
        String first = banner.lines().findFirst().orElse("").strip();
        Matcher m = VERSION.matcher(first);
        if (m.find()) {
            return m.group(1);
        }
        Matcher any = VERSION.matcher(banner);
        return any.find() ? any.group(1) : (first.isEmpty() ? "unknown" : first);
    }

    private static Optional<String> field(String text, String name) {
        for (String line : text.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                return Optional.of(line.substring(colon + 1).strip()).filter(s -> !s.isEmpty());
            }
        }
        return Optional.empty();
    }

    private String read(String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            return ""; // absent on this machine (or in this fixture): recorded as unknown
        }
    }
}
