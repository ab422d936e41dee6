package io.drydock.runtime.cgroup;

/**
 * A snapshot of one cgroup's accounting, the same fields on cgroup v1 and v2. A field the host does
 * not report (controller not mounted or not enabled, file absent on this kernel) is
 * {@link #NOT_AVAILABLE}.
 *
 * @param memoryUsageBytes current memory use (v1 memory.usage_in_bytes, v2 memory.current)
 * @param memoryPeakBytes  highest memory use seen (v1 memory.max_usage_in_bytes, v2 memory.peak)
 * @param memoryLimitBytes the memory limit (v1 memory.limit_in_bytes, v2 memory.max);
 *                         {@link #UNLIMITED} when there is none
 * @param oomKills         processes killed by the OOM killer in this cgroup (v1 memory.oom_control
 *                         oom_kill, v2 memory.events oom_kill)
 * @param cpuUsageNanos    CPU time consumed (v1 cpuacct.usage, v2 cpu.stat usage_usec × 1000)
 * @param throttledPeriods CFS periods in which the cgroup was throttled (cpu.stat nr_throttled)
 * @param pidsCurrent      tasks in the cgroup (pids.current)
 */
public record CgroupStats(
        long memoryUsageBytes,
        long memoryPeakBytes,
        long memoryLimitBytes,
        long oomKills,
        long cpuUsageNanos,
        long throttledPeriods,
        long pidsCurrent) {

    /** The value of a field this host does not report. */
    public static final long NOT_AVAILABLE = -1;
    /** {@link #memoryLimitBytes()} when no limit is set. */
    public static final long UNLIMITED = Long.MAX_VALUE;
}
