package io.drydock.runtime.cgroup;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Resource limits for one cgroup, shaped like the OCI runtime-spec {@code linux.resources}
 * ({@code memory}, {@code cpu}, {@code pids}, {@code unified}) so a spec maps onto it field by field.
 * A null group or a null field means "leave the kernel's value alone". Values use the spec's units
 * and conventions (bytes, microseconds, {@code -1} for unlimited), not either cgroup version's file
 * formats; the managers translate.
 *
 * @param memory  {@code linux.resources.memory}, or null
 * @param cpu     {@code linux.resources.cpu}, or null
 * @param pids    {@code linux.resources.pids}, or null
 * @param unified {@code linux.resources.unified}: cgroup v2 file name to value, written verbatim
 *                (cgroup v2 only); never null, empty when absent
 */
public record CgroupLimits(Memory memory, Cpu cpu, Pids pids, Map<String, String> unified) {
    /** No limits at all: the cgroup is created for placement, accounting and stats only. */
    public static final CgroupLimits NONE = new CgroupLimits(null, null, null, Map.of());

    private static final Set<String> RUNTIME_OWNED = Set.of(
        "cgroup.procs", "cgroup.threads", "cgroup.subtree_control", "cgroup.type", "cgroup.freeze", "cgroup.kill");
    private static final Pattern UNIFIED_KEY = Pattern.compile("[a-z][a-z0-9_]*\\.[A-Za-z0-9_.]+");
    private static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

    public CgroupLimits {
        TreeMap<String, String> sorted = new TreeMap<>();
        if (unified != null) {
            for (Map.Entry<String, String> e : unified.entrySet()) {
                String key = e.getKey();
                if (key == null || !UNIFIED_KEY.matcher(key).matches() || key.contains("..")) {
                    throw new IllegalArgumentException("linux.resources.unified key \"" + key
                        + "\" is not a cgroup v2 interface file name (expected <controller>.<name>)");
                }
                if (RUNTIME_OWNED.contains(key)) {
                    // Membership, the controller tree and freezing belong to the runtime, not to the spec's author.
                    throw new IllegalArgumentException("linux.resources.unified key \"" + key
                        + "\" is managed by the runtime and cannot be set through unified");
                }
                String v = e.getValue();
                if (v == null || (v.indexOf('\n') >= 0 && v.indexOf('\n') != v.length() - 1)) {
                    throw new IllegalArgumentException("linux.resources.unified[\"" + key
                        + "\"] must be a non-null single line, got " + (v == null ? "null" : "\"" + v + "\""));
                }
                sorted.put(key, v);
            }
        }
        unified = Collections.unmodifiableMap(sorted);
    }

    /** True if no limit of any kind is set. */
    public boolean isEmpty() {
        return memory == null && cpu == null && pids == null && unified.isEmpty();
    }

    /** A builder for the common case of setting a few fields. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code linux.resources.memory}.
     *
     * @param limit       memory limit in bytes, or {@code -1} for unlimited
     * @param reservation soft limit in bytes (v1 memory.soft_limit_in_bytes, v2 memory.low), or {@code -1}
     * @param swap        limit of memory <em>plus</em> swap in bytes (OCI semantics, as v1
     *                    memory.memsw.limit_in_bytes), or {@code -1} for unlimited; must be at
     *                    least {@code limit} and needs a {@code limit}
     * @param swappiness  0..100 (cgroup v1 only)
     * @param kernel      kernel memory limit in bytes, or {@code -1} (cgroup v1 only, and only where
     *                    the kernel still enforces memory.kmem.limit_in_bytes)
     * @param kernelTcp   kernel TCP buffer limit in bytes, or {@code -1} (cgroup v1 only)
     * @param disableOomKiller true to disable the OOM killer (cgroup v1 memory.oom_control only)
     */
    public record Memory(Long limit, Long reservation, Long swap, Long swappiness, Long kernel, Long kernelTcp,
            Boolean disableOomKiller) {
        /** Without the kernel memory and OOM killer settings. */
        public Memory(Long limit, Long reservation, Long swap, Long swappiness) {
            this(limit, reservation, swap, swappiness, null, null, null);
        }

        public Memory {
            checkUnlimitedOrPositive("linux.resources.memory.kernel", kernel);
            checkUnlimitedOrPositive("linux.resources.memory.kernelTCP", kernelTcp);
            checkUnlimitedOrPositive("linux.resources.memory.limit", limit);
            if (reservation != null && reservation < -1) {
                throw new IllegalArgumentException("linux.resources.memory.reservation must be -1 or >= 0, got " + reservation);
            }
            checkUnlimitedOrPositive("linux.resources.memory.swap", swap);
            if (swap != null && swap > 0) {
                if (limit == null || limit == -1) {
                    throw new IllegalArgumentException("linux.resources.memory.swap (" + swap
                        + ") needs a finite linux.resources.memory.limit: swap is the memory+swap total");
                }
                if (swap < limit) {
                    throw new IllegalArgumentException("linux.resources.memory.swap (" + swap
                        + ") must be >= linux.resources.memory.limit (" + limit + "): swap is the memory+swap total");
                }
            }
            if (swappiness != null && (swappiness < 0 || swappiness > 100)) {
                throw new IllegalArgumentException("linux.resources.memory.swappiness must be in 0..100, got " + swappiness);
            }
        }

        /**
         * The cgroup v2 {@code memory.swap.max} value for this spec: v2 limits swap alone, so it is
         * {@code swap - limit}; {@code -1} for unlimited; null if swap is not set.
         */
        public Long v2SwapMax() {
            if (swap == null) {
                return null;
            }
            if (swap == -1) {
                return -1L;
            }
            return swap - limit;
        }
    }

    /**
     * {@code linux.resources.cpu}.
     *
     * @param shares relative weight, v1 cpu.shares (2..262144); converted to v2 cpu.weight
     * @param quota  CPU time in microseconds per period, or {@code -1} for no limit
     * @param period period length in microseconds (1000..1000000)
     * @param cpus   cpuset CPU list, e.g. {@code "0-1,3"}
     * @param mems   cpuset memory-node list, e.g. {@code "0"}
     */
    public record Cpu(Long shares, Long quota, Long period, String cpus, String mems) {
        /** Bounds of v1 cpu.shares (kernel MIN_SHARES and MAX_SHARES). */
        public static final long MIN_SHARES = 2;
        public static final long MAX_SHARES = 262144;

        public Cpu {
            if (shares != null && (shares < MIN_SHARES || shares > MAX_SHARES)) {
                throw new IllegalArgumentException("linux.resources.cpu.shares must be in " + MIN_SHARES + ".."
                    + MAX_SHARES + ", got " + shares);
            }
            if (quota != null && quota != -1 && quota < 1000) {
                throw new IllegalArgumentException("linux.resources.cpu.quota must be -1 or >= 1000 microseconds, got " + quota);
            }
            if (period != null && (period < 1000 || period > 1_000_000)) {
                throw new IllegalArgumentException("linux.resources.cpu.period must be in 1000..1000000 microseconds, got " + period);
            }
            checkList("linux.resources.cpu.cpus", cpus);
            checkList("linux.resources.cpu.mems", mems);
        }

        /**
         * The cgroup v2 {@code cpu.weight} for {@link #shares()}, by the conversion the OCI
         * runtime-spec documents for cgroup v2: {@code 1 + ((shares - 2) * 9999) / 262142}
         * (2 → 1, 1024 → 39, 262144 → 10000). Null if shares are not set.
         */
        public Long weight() {
            return shares == null ? null : sharesToWeight(shares);
        }

        /** {@code 1 + ((shares - 2) * 9999) / 262142}, integer arithmetic. */
        public static long sharesToWeight(long shares) {
            if (shares < MIN_SHARES || shares > MAX_SHARES) {
                throw new IllegalArgumentException("cpu shares must be in " + MIN_SHARES + ".." + MAX_SHARES + ", got " + shares);
            }
            return 1 + ((shares - 2) * 9999) / 262142;
        }

        private static void checkList(String field, String list) {
            if (list != null && !CPU_LIST.matcher(list).matches()) {
                throw new IllegalArgumentException(field + " \"" + list
                    + "\" is not a list like \"0-3,5\"");
            }
        }
    }

    /**
     * {@code linux.resources.pids}.
     *
     * @param limit maximum number of tasks, or {@code -1} for unlimited (written as {@code max})
     */
    public record Pids(long limit) {
        public Pids {
            if (limit == 0 || limit < -1) {
                throw new IllegalArgumentException("linux.resources.pids.limit must be -1 (unlimited) or > 0, got " + limit);
            }
        }
    }

    private static void checkUnlimitedOrPositive(String field, Long value) {
        if (value != null && value != -1 && value <= 0) {
            throw new IllegalArgumentException(field + " must be -1 (unlimited) or > 0, got " + value);
        }
    }

    /** Collects individual fields; {@link #build()} validates them all. */
    public static final class Builder {
        private Long memoryLimit;
        private Long memoryReservation;
        private Long memorySwap;
        private Long swappiness;
        private Long kernelMemory;
        private Long kernelTcpMemory;
        private Boolean disableOomKiller;
        private Long cpuShares;
        private Long cpuQuota;
        private Long cpuPeriod;
        private String cpus;
        private String mems;
        private Long pidsLimit;
        private final Map<String, String> unified = new TreeMap<>();

        private Builder() {}

        public Builder memoryLimit(long bytes) {
            this.memoryLimit = bytes;
            return this;
        }

        public Builder memoryReservation(long bytes) {
            this.memoryReservation = bytes;
            return this;
        }

        /** Memory plus swap, as OCI {@code memory.swap}. */
        public Builder memorySwap(long bytes) {
            this.memorySwap = bytes;
            return this;
        }

        public Builder swappiness(long swappiness) {
            this.swappiness = swappiness;
            return this;
        }

        /** Kernel memory limit (cgroup v1 memory.kmem.limit_in_bytes). */
        public Builder kernelMemory(long bytes) {
            this.kernelMemory = bytes;
            return this;
        }

        /** Kernel TCP buffer limit (cgroup v1 memory.kmem.tcp.limit_in_bytes). */
        public Builder kernelTcpMemory(long bytes) {
            this.kernelTcpMemory = bytes;
            return this;
        }

        /** OCI {@code disableOOMKiller} (cgroup v1 memory.oom_control). */
        public Builder disableOomKiller(boolean disable) {
            this.disableOomKiller = disable;
            return this;
        }

        public Builder cpuShares(long shares) {
            this.cpuShares = shares;
            return this;
        }

        public Builder cpuQuota(long quotaMicros) {
            this.cpuQuota = quotaMicros;
            return this;
        }

        public Builder cpuPeriod(long periodMicros) {
            this.cpuPeriod = periodMicros;
            return this;
        }

        public Builder cpus(String cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder mems(String mems) {
            this.mems = mems;
            return this;
        }

        public Builder pidsLimit(long limit) {
            this.pidsLimit = limit;
            return this;
        }

        public Builder unified(String key, String value) {
            this.unified.put(key, value);
            return this;
        }

        public CgroupLimits build() {
            Memory memory = memoryLimit == null && memoryReservation == null && memorySwap == null && swappiness == null
                && kernelMemory == null && kernelTcpMemory == null && disableOomKiller == null
                ? null : new Memory(memoryLimit, memoryReservation, memorySwap, swappiness, kernelMemory, kernelTcpMemory,
                    disableOomKiller);
            Cpu cpu = cpuShares == null && cpuQuota == null && cpuPeriod == null && cpus == null && mems == null
                ? null : new Cpu(cpuShares, cpuQuota, cpuPeriod, cpus, mems);
            Pids pids = pidsLimit == null ? null : new Pids(pidsLimit);
            return new CgroupLimits(memory, cpu, pids, unified);
        }
    }
}
