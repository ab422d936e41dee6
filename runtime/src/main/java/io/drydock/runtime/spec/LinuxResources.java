package io.drydock.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code linux.resources}: cgroup limits. Only the parts drydock applies are typed; {@code blockIO}
 * is kept as raw JSON for callers that want it. Other members (hugepageLimits, network, rdma) are ignored.
 *
 * @param devices device cgroup rules, in order
 * @param memory  memory limits
 * @param cpu     CPU limits
 * @param pids    pids limit
 * @param blockIO raw {@code blockIO} object, or null
 * @param unified cgroup v2 file name to value
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LinuxResources(
        List<DeviceRule> devices,
        MemoryResources memory,
        CpuResources cpu,
        PidsResources pids,
        JsonNode blockIO,
        Map<String, String> unified) {

    public LinuxResources {
        devices = Copies.list("devices", devices);
        unified = Copies.map("unified", unified);
        if (blockIO != null && (blockIO.isNull() || blockIO.isMissingNode())) {
            blockIO = null;
        }
        if (blockIO != null) {
            if (!blockIO.isObject()) {
                throw new IllegalArgumentException("blockIO must be a JSON object");
            }
            blockIO = blockIO.deepCopy(); // a JsonNode is mutable; keep ours private
        }
    }

    @Override
    public JsonNode blockIO() {
        return blockIO == null ? null : blockIO.deepCopy();
    }

    /**
     * One device cgroup rule.
     *
     * @param allow  allow (true) or deny; required
     * @param type   {@code a}, {@code c} or {@code b}; absent means all
     * @param major  major number; absent means all
     * @param minor  minor number; absent means all
     * @param access some of {@code r}, {@code w}, {@code m}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(Boolean allow, String type, Long major, Long minor, String access) {
    }

    /**
     * Memory limits in bytes; -1 means unlimited.
     *
     * @param limit            memory limit
     * @param reservation      soft limit
     * @param swap             memory+swap limit
     * @param kernel           kernel memory limit (deprecated)
     * @param kernelTCP        kernel TCP buffer limit
     * @param swappiness       0 to 100
     * @param disableOOMKiller disable the OOM killer
     * @param useHierarchy     cgroup v1 hierarchical accounting
     * @param checkBeforeUpdate refuse a limit below current usage
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemoryResources(
            Long limit,
            Long reservation,
            Long swap,
            Long kernel,
            Long kernelTCP,
            Long swappiness,
            Boolean disableOOMKiller,
            Boolean useHierarchy,
            Boolean checkBeforeUpdate) {
    }

    /**
     * CPU limits.
     *
     * @param shares          relative weight (cgroup v1 cpu.shares)
     * @param quota           microseconds per period; -1 unlimited
     * @param burst           microseconds of burst
     * @param period          period in microseconds
     * @param realtimeRuntime realtime runtime in microseconds
     * @param realtimePeriod  realtime period in microseconds
     * @param cpus            cpuset CPUs, e.g. {@code "0-3,7"}
     * @param mems            cpuset memory nodes
     * @param idle            cgroup v2 cpu.idle
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CpuResources(
            Long shares,
            Long quota,
            Long burst,
            Long period,
            Long realtimeRuntime,
            Long realtimePeriod,
            String cpus,
            String mems,
            Long idle) {
    }

    /**
     * The pids limit.
     *
     * @param limit maximum number of tasks; -1 or 0 unlimited
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PidsResources(Long limit) {
    }
}
