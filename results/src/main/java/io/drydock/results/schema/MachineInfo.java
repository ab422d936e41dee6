package io.drydock.results.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The machine a run measured: what makes two runs comparable or not.
 *
 * @param kernel         {@code uname -srm}: kernel name, release and architecture
 * @param cpuModel       the CPU's model name from /proc/cpuinfo
 * @param cpuCount       logical CPUs online
 * @param memoryBytes    MemTotal
 * @param cgroupMode     {@code v1}, {@code v2}, {@code hybrid} or {@code unknown}
 * @param virtualization {@code kvm} when /dev/kvm is usable, else {@code tcg} (QEMU emulates)
 * @param versions       tool name to version; a null version means the tool is absent. Keys used:
 *                       drydock, jdk, runc, crun, qemu, libvirt
 */
@JsonPropertyOrder({"kernel", "cpuModel", "cpuCount", "memoryBytes", "cgroupMode", "virtualization", "versions"})
public record MachineInfo(String kernel, String cpuModel, int cpuCount, long memoryBytes, String cgroupMode,
                          String virtualization, SortedMap<String, String> versions) {

    /** The value of every text field of a machine that was not recorded. */
    public static final String UNKNOWN = "unknown";

    /** Validates and copies. */
    public MachineInfo {
        InvalidFieldException.require("kernel", kernel);
        InvalidFieldException.require("cpuModel", cpuModel);
        InvalidFieldException.require("cgroupMode", cgroupMode);
        InvalidFieldException.require("virtualization", virtualization);
        if (cpuCount < 0) {
            throw new InvalidFieldException("cpuCount", "must not be negative, was " + cpuCount);
        }
        if (memoryBytes < 0) {
            throw new InvalidFieldException("memoryBytes", "must not be negative, was " + memoryBytes);
        }
        if (!List.of("v1", "v2", "hybrid", UNKNOWN).contains(cgroupMode)) {
            throw new InvalidFieldException("cgroupMode", "must be v1, v2, hybrid or unknown, was \"" + cgroupMode + "\"");
        }
        if (!List.of("kvm", "tcg", UNKNOWN).contains(virtualization)) {
            throw new InvalidFieldException("virtualization", "must be kvm, tcg or unknown, was \"" + virtualization + "\"");
        }
        // TreeMap keeps null values: they record an absent tool.
        versions = Collections.unmodifiableSortedMap(versions == null ? new TreeMap<>() : new TreeMap<>(versions));
    }

    /** The machine of a raw JMH file, which records none. */
    public static MachineInfo unknown() {
        return new MachineInfo(UNKNOWN, UNKNOWN, 0, 0, UNKNOWN, UNKNOWN, new TreeMap<>());
    }

    /** False for {@link #unknown()}. */
    @JsonIgnore
    public boolean isKnown() {
        return !UNKNOWN.equals(kernel) || !UNKNOWN.equals(cpuModel);
    }

    /** A copy with another virtualization ("kvm" or "tcg"), as the VM driver actually used. */
    public MachineInfo withVirtualization(String used) {
        return new MachineInfo(kernel, cpuModel, cpuCount, memoryBytes, cgroupMode, used, versions);
    }

    /** A copy with one more tool version (null: absent). */
    public MachineInfo withVersion(String tool, String version) {
        java.util.TreeMap<String, String> v = new java.util.TreeMap<>(versions);
        v.put(tool, version);
        return new MachineInfo(kernel, cpuModel, cpuCount, memoryBytes, cgroupMode, virtualization, v);
    }

    /** The version of a tool, or "absent". */
    public String versionOf(String tool) {
        String v = versions.get(tool);
        return v == null ? "absent" : v;
    }

    /**
     * The ways in which {@code other} is not the same host as this one, as "field: this vs other"
     * lines; empty when they are the same host. Tool versions are not compared: a new runc is
     * exactly what a comparison may be about.
     *
     * @throws IllegalStateException when either machine is not recorded ({@link #isKnown()}): then
     *                               there is nothing to compare, which is for the caller to say
     */
    public List<String> hostDifferences(MachineInfo other) {
        if (!isKnown() || !other.isKnown()) {
            throw new IllegalStateException("host differences: the machine of " + (isKnown() ? "the other" : "this")
                    + " result is not recorded");
        }
        List<String> d = new ArrayList<>();
        diff(d, "kernel", kernel, other.kernel);
        diff(d, "cpuModel", cpuModel, other.cpuModel);
        diff(d, "cpuCount", cpuCount, other.cpuCount);
        // MemTotal moves by a few MiB across boots (crash kernel, firmware); 2% is still the same box.
        if (Math.abs(memoryBytes - other.memoryBytes) > 0.02 * Math.max(memoryBytes, other.memoryBytes)) {
            d.add("memoryBytes: " + memoryBytes + " vs " + other.memoryBytes);
        }
        diff(d, "cgroupMode", cgroupMode, other.cgroupMode);
        diff(d, "virtualization", virtualization, other.virtualization);
        return d;
    }

    private static void diff(List<String> d, String field, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            d.add(field + ": " + a + " vs " + b);
        }
    }

    /** Field name to display value, in a fixed order, for reports. */
    @JsonIgnore
    public Map<String, String> describe() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        if (!isKnown()) {
            m.put("machine", "not recorded (raw JMH output carries no machine description)");
            return m;
        }
        m.put("kernel", kernel);
        m.put("CPU", cpuModel + " (" + cpuCount + " CPUs)");
        m.put("memory", memoryBytes == 0 ? UNKNOWN : String.format(java.util.Locale.ROOT, "%.1f GiB", memoryBytes / (double) (1L << 30)));
        m.put("cgroup mode", cgroupMode);
        m.put("virtualization", virtualization);
        for (String tool : List.of("drydock", "jdk", "runc", "crun", "qemu", "libvirt")) {
            m.put(tool, versionOf(tool));
        }
        versions.keySet().stream().filter(t -> !m.containsKey(t)).forEach(t -> m.put(t, versionOf(t)));
        return m;
    }
}
