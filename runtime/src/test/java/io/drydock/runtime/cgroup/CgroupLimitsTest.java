package io.drydock.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupLimitsTest {
    private static final long MIB = 1024 * 1024;

    @ParameterizedTest
    @CsvSource({"2,1", "1024,39", "512,20", "4096,157", "262144,10000", "3,1", "100000,3815"})
    void sharesToWeight_followsOciConversion(long shares, long weight) {
        assertThat(CgroupLimits.Cpu.sharesToWeight(shares)).isEqualTo(weight);
        assertThat(new CgroupLimits.Cpu(shares, null, null, null, null).weight()).isEqualTo(weight);
    }

    @Test
    void v2SwapMax_isSwapMinusLimit() {
        assertThat(new CgroupLimits.Memory(32 * MIB, null, 96 * MIB, null).v2SwapMax()).isEqualTo(64 * MIB);
        assertThat(new CgroupLimits.Memory(32 * MIB, null, 32 * MIB, null).v2SwapMax()).isZero();
        assertThat(new CgroupLimits.Memory(32 * MIB, null, -1L, null).v2SwapMax()).isEqualTo(-1);
        assertThat(new CgroupLimits.Memory(32 * MIB, null, null, null).v2SwapMax()).isNull();
    }

    @Test
    void memory_swapBelowLimit_rejectedNamingBothFields() {
        assertThatThrownBy(() -> new CgroupLimits.Memory(64 * MIB, null, 32 * MIB, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("linux.resources.memory.swap")
            .hasMessageContaining("linux.resources.memory.limit");
    }

    @Test
    void memory_swapWithoutLimit_rejected() {
        assertThatThrownBy(() -> new CgroupLimits.Memory(null, null, 64 * MIB, null))
            .hasMessageContaining("needs a finite linux.resources.memory.limit");
        assertThatThrownBy(() -> new CgroupLimits.Memory(-1L, null, 64 * MIB, null))
            .hasMessageContaining("needs a finite linux.resources.memory.limit");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -2})
    void memory_limitNotPositiveOrUnlimited_rejected(long limit) {
        assertThatThrownBy(() -> new CgroupLimits.Memory(limit, null, null, null))
            .hasMessageContaining("linux.resources.memory.limit");
    }

    @Test
    void memory_swappinessOutOfRange_rejected() {
        assertThatThrownBy(() -> new CgroupLimits.Memory(null, null, null, 101L))
            .hasMessageContaining("linux.resources.memory.swappiness");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 262145})
    void cpu_sharesOutOfKernelRange_rejected(long shares) {
        assertThatThrownBy(() -> new CgroupLimits.Cpu(shares, null, null, null, null))
            .hasMessageContaining("linux.resources.cpu.shares");
    }

    @Test
    void cpu_quotaAndPeriodBounds() {
        assertThatThrownBy(() -> new CgroupLimits.Cpu(null, 999L, null, null, null))
            .hasMessageContaining("linux.resources.cpu.quota");
        assertThatThrownBy(() -> new CgroupLimits.Cpu(null, null, 999L, null, null))
            .hasMessageContaining("linux.resources.cpu.period");
        assertThat(new CgroupLimits.Cpu(null, -1L, 100_000L, null, null).quota()).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0-", "a", "0,,1", "0-1 "})
    void cpu_badCpuList_rejected(String cpus) {
        assertThatThrownBy(() -> new CgroupLimits.Cpu(null, null, null, cpus, null))
            .hasMessageContaining("linux.resources.cpu.cpus");
    }

    @Test
    void cpu_goodLists_accepted() {
        CgroupLimits.Cpu cpu = new CgroupLimits.Cpu(null, null, null, "0-3,5,7-8", "0");
        assertThat(cpu.cpus()).isEqualTo("0-3,5,7-8");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -2})
    void pids_zeroOrBelowMinusOne_rejected(long limit) {
        assertThatThrownBy(() -> new CgroupLimits.Pids(limit)).hasMessageContaining("linux.resources.pids.limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../memory.max", "memory/max", "nodot", "cgroup.procs", "cgroup.subtree_control"})
    void unified_badKey_rejectedNamingField(String key) {
        assertThatThrownBy(() -> new CgroupLimits(null, null, null, Map.of(key, "1")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("linux.resources.unified");
    }

    @Test
    void unified_multiLineValue_rejected() {
        assertThatThrownBy(() -> new CgroupLimits(null, null, null, Map.of("memory.high", "1\n2")))
            .hasMessageContaining("single line");
    }

    @Test
    void unified_nullMap_isEmptyAndSorted() {
        assertThat(new CgroupLimits(null, null, null, null).unified()).isEmpty();
        assertThat(new CgroupLimits(null, null, null, Map.of("pids.max", "3", "hugetlb.2MB.max", "0", "io.weight", "5"))
            .unified().keySet()).containsExactly("hugetlb.2MB.max", "io.weight", "pids.max");
    }

    @Test
    void builder_groupsFieldsLikeTheSpec() {
        CgroupLimits limits = CgroupLimits.builder().memoryLimit(32 * MIB).memorySwap(64 * MIB)
            .cpuShares(512).cpuQuota(50_000).cpuPeriod(100_000).pidsLimit(-1).build();

        assertThat(limits.memory()).isEqualTo(new CgroupLimits.Memory(32 * MIB, null, 64 * MIB, null));
        assertThat(limits.cpu()).isEqualTo(new CgroupLimits.Cpu(512L, 50_000L, 100_000L, null, null));
        assertThat(limits.pids()).isEqualTo(new CgroupLimits.Pids(-1));
        assertThat(limits.isEmpty()).isFalse();
        assertThat(CgroupLimits.builder().build()).isEqualTo(CgroupLimits.NONE);
        assertThat(CgroupLimits.NONE.isEmpty()).isTrue();
    }
}
