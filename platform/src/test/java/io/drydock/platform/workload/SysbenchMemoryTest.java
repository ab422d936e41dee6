package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SysbenchMemoryTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void blockBytesFor_smallCache_isTheFloor() {
        assertThat(SysbenchMemory.blockBytesFor(32 * MIB, GIB)).isEqualTo(256 * MIB);
    }

    @Test
    void blockBytesFor_largeCache_isFourTimesRoundedUpToAPowerOfTwo() {
        assertThat(SysbenchMemory.blockBytesFor(96 * MIB, 4 * GIB)).isEqualTo(512 * MIB);
        assertThat(SysbenchMemory.blockBytesFor(128 * MIB, 4 * GIB)).isEqualTo(512 * MIB);
        assertThat(SysbenchMemory.blockBytesFor(30 * MIB + 1, GIB)).isEqualTo(256 * MIB);
    }

    @Test
    void blockBytesFor_cacheOfAWholePackage_isCappedAtAQuarterOfTheInstancesMemory() {
        // CPUID on a PVM guest of a 2-core EPYC names a 508 MiB L3: four times that would not fit in 1 GiB.
        assertThat(SysbenchMemory.blockBytesFor(508 * MIB, GIB)).isEqualTo(256 * MIB);
        assertThat(SysbenchMemory.blockBytesFor(508 * MIB, 3 * GIB)).isEqualTo(512 * MIB);
    }

    @Test
    void blockBytesFor_zeroCache_throws() {
        assertThatThrownBy(() -> SysbenchMemory.blockBytesFor(0, GIB))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last-level cache size");
    }

    @Test
    void blockBytesFor_instanceTooSmallForTheFloor_throwsNamingIt() {
        assertThatThrownBy(() -> SysbenchMemory.blockBytesFor(32 * MIB, 512 * MIB))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instance memory must be at least 1024 MiB");
    }

    @Test
    void command_sequentialRead_oneSharedBlockNoByteLimit() {
        assertThat(SysbenchMemory.sequentialRead(256 * MIB, 2, Duration.ofSeconds(1)).command())
            .containsExactly("sysbench", "memory", "--threads=2", "--time=1", "--memory-block-size=262144K",
                "--memory-total-size=0", "--memory-scope=global", "--memory-oper=read", "--memory-access-mode=seq", "run");
    }

    @Test
    void command_randomReadLatency_oneThreadRandomAccess() {
        SysbenchMemory m = SysbenchMemory.randomReadLatency(256 * MIB, Duration.ofSeconds(3));

        assertThat(m.threads()).isEqualTo(1);
        assertThat(m.command()).contains("--threads=1", "--time=3", "--memory-oper=read", "--memory-access-mode=rnd");
    }

    @Test
    void command_sequentialWrite_writes() {
        assertThat(SysbenchMemory.sequentialWrite(256 * MIB, 1, Duration.ofSeconds(1)).command())
            .contains("--memory-oper=write", "--memory-access-mode=seq");
    }

    @Test
    void new_blockNotAPowerOfTwo_throws() {
        assertThatThrownBy(() -> SysbenchMemory.sequentialRead(3000 * 1024, 1, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two").hasMessageContaining("3072000");
    }

    @Test
    void new_zeroTime_throws() {
        assertThatThrownBy(() -> SysbenchMemory.sequentialRead(256 * MIB, 1, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time must be a whole number of seconds");
    }

    @Test
    void parse_sequentialReadSample_readsBandwidthAndOperations() throws Exception {
        SysbenchMemory.Result r = SysbenchMemory.parse(WorkloadSamples.read("sysbench-memory-seq-read.txt"));

        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.mibPerSecond()).isEqualTo(22150.19);
        assertThat(r.operationsPerSecond()).isEqualTo(86.52);
        assertThat(r.totalOperations()).isEqualTo(87);
        assertThat(r.totalTime()).isEqualTo(Duration.ofNanos(1_004_900_000));
        assertThat(r.passTimeSum()).isEqualTo(Duration.ofNanos(1_999_370_000));
    }

    @Test
    void parse_sequentialWriteSample_readsBandwidth() throws Exception {
        assertThat(SysbenchMemory.parse(WorkloadSamples.read("sysbench-memory-seq-write.txt")).mibPerSecond()).isEqualTo(15475.94);
    }

    @Test
    void nanosPerAccess_randomReadSample_isPassTimeOverWordsRead() throws Exception {
        SysbenchMemory.Result r = SysbenchMemory.parse(WorkloadSamples.read("sysbench-memory-rnd-read.txt"));
        SysbenchMemory m = SysbenchMemory.randomReadLatency(256 * MIB, Duration.ofSeconds(1));

        // one pass of 1031.02 ms over 256 MiB / 8 bytes = 33554432 reads
        assertThat(m.nanosPerAccess(r)).isCloseTo(1031.02e6 / 33554432, within(1e-9));
    }

    @Test
    void nanosPerAccess_sequentialRun_throws() throws Exception {
        SysbenchMemory.Result r = SysbenchMemory.parse(WorkloadSamples.read("sysbench-memory-seq-read.txt"));

        assertThatThrownBy(() -> SysbenchMemory.sequentialRead(256 * MIB, 2, Duration.ofSeconds(1)).nanosPerAccess(r))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("random access");
    }

    @Test
    void parse_cpuReport_saysMemoryLineIsMissing() {
        assertThatThrownBy(() -> SysbenchMemory.parse(WorkloadSamples.read("sysbench-cpu-timed.txt")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("no 'Total operations:' line");
    }

    @Test
    void parse_fatal_quotesSysbenchsError() {
        assertThatThrownBy(() -> SysbenchMemory.parse(WorkloadSamples.read("sysbench-memory-fatal.txt")))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("FATAL: Invalid value for memory-block-size");
    }

    @Test
    void parse_garbledOperations_namesTheLine() {
        String garbled = WorkloadSamples.read("sysbench-memory-seq-read.txt")
            .replace("Total operations: 87 (   86.52 per second)", "Total operations: 87 (lots per second)");

        assertThatThrownBy(() -> SysbenchMemory.parse(garbled))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("'Total operations: 87 (lots per second)'")
            .hasMessageContaining("'(N per second)'");
    }

    @Test
    void parse_blank_saysEmpty() {
        assertThatThrownBy(() -> SysbenchMemory.parse("\n \n"))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("empty");
    }
}
